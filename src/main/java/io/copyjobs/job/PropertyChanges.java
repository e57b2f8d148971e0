package io.copyjobs.job;

/** SetProperties: each non-null value replaces the job's; nulls leave a property as it is. */
public record PropertyChanges(String displayName, String description, Priority priority,
                              Integer minimumRetryDelaySeconds, Integer noProgressTimeoutSeconds) {
}
