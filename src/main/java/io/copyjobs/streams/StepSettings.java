package io.copyjobs.streams;

import io.copyjobs.config.Config;

import java.time.Duration;

/** The parts of {@link Config} the two processing steps need. */
public record StepSettings(int maxJobsPerOwner, Duration retention, Duration idleCancel, Duration idempotencyTtl,
                           Duration sweepInterval) {

    public static StepSettings of(Config config) {
        return new StepSettings(config.maxJobsPerOwner(), config.retention(), config.idleCancel(),
                config.idempotencyTtl(), config.sweepInterval());
    }
}
