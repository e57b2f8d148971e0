package io.copyjobs.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * BG_JOB_TIMES; {@code transferCompleted} is null until the job reaches TRANSFERRED.
 * {@code transferTime} is what the job spent CONNECTING or TRANSFERRING since its last Resume, as
 * of {@code modified} (BITS' SetMaximumDownloadTime counts that time only, and Resume resets it);
 * snapshots written before it existed read as zero.
 */
public record Times(Instant created, Instant modified, Instant transferCompleted, Duration transferTime) {
    public Times {
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(modified, "modified");
        transferTime = transferTime == null || transferTime.isNegative() ? Duration.ZERO : transferTime;
    }

    /** Times of a job that has not spent any time in transfer states. */
    public Times(Instant created, Instant modified, Instant transferCompleted) {
        this(created, modified, transferCompleted, Duration.ZERO);
    }
}
