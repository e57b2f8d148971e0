package io.copyjobs.job;

import java.util.Objects;

/** SetProperties: each non-null value replaces the job's; nulls leave a property as it is. */
public record PropertyChanges(String displayName, String description, Priority priority,
                              Integer minimumRetryDelaySeconds, Integer noProgressTimeoutSeconds) {

    /** Sets the non-null values on {@code job}; returns it. */
    Job.Builder applyTo(Job.Builder job) {
        if (displayName != null) {
            job.displayName(displayName);
        }
        if (description != null) {
            job.description(description);
        }
        if (priority != null) {
            job.priority(priority);
        }
        if (minimumRetryDelaySeconds != null) {
            job.minimumRetryDelaySeconds(minimumRetryDelaySeconds);
        }
        if (noProgressTimeoutSeconds != null) {
            job.noProgressTimeoutSeconds(noProgressTimeoutSeconds);
        }
        return job;
    }

    /** True when {@code a} and {@code b} agree on every property SetProperties can change. */
    static boolean sameProperties(Job a, Job b) {
        return a.displayName().equals(b.displayName()) && Objects.equals(a.description(), b.description())
                && a.priority() == b.priority() && a.minimumRetryDelaySeconds() == b.minimumRetryDelaySeconds()
                && a.noProgressTimeoutSeconds() == b.noProgressTimeoutSeconds();
    }
}
