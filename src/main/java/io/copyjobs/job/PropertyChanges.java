package io.copyjobs.job;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * SetProperties: each non-null value replaces the job's; nulls leave a property as it is. In
 * {@code options} too, value by value: a PATCH that sends only {@code maxBytesPerSecond} keeps the
 * job's headers and credentials.
 */
public record PropertyChanges(String displayName, String description, Priority priority,
                              Integer minimumRetryDelaySeconds, Integer noProgressTimeoutSeconds,
                              TransferOptions options) {

    /** Sets the non-null values on {@code job}; returns it. */
    Job.Builder applyTo(Job.Builder job, Job base) {
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
        if (options != null) {
            job.options(options.over(base.options()));
        }
        return job;
    }

    /** These changes with their options' secrets passed through {@code seal}. */
    public PropertyChanges withSecrets(UnaryOperator<Secret> seal) {
        return options == null ? this : new PropertyChanges(displayName, description, priority,
                minimumRetryDelaySeconds, noProgressTimeoutSeconds, options.withSecrets(seal));
    }

    /** True when {@code a} and {@code b} agree on every property SetProperties can change. */
    static boolean sameProperties(Job a, Job b) {
        return a.displayName().equals(b.displayName()) && Objects.equals(a.description(), b.description())
                && a.priority() == b.priority() && a.minimumRetryDelaySeconds() == b.minimumRetryDelaySeconds()
                && a.noProgressTimeoutSeconds() == b.noProgressTimeoutSeconds() && a.options().equals(b.options());
    }
}
