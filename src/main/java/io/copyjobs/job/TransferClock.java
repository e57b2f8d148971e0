package io.copyjobs.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A job's transfer time and receive rate, both measured by the job step, the single writer, from
 * one snapshot to the next: every node answers GetJob from the snapshot, so every node sees them,
 * and they survive a move of the job to another node (to within one progress write).
 *
 * <p>The time (BITS SetMaximumDownloadTime) counts only CONNECTING and TRANSFERRING: the time between
 * two snapshots counts when the earlier one was in one of them. The rate is the bytes the job's
 * files gained between two snapshots over the time between them, a window of one progress write
 * (1 s or the job's longer pace, see ProgressPace): a rate the engine measured instead would live
 * on its node only. A snapshot that changes no file (a PATCH) keeps the rate; one that leaves
 * TRANSFERRING sets it to 0. A transfer that receives nothing at all writes no progress, so its
 * rate stays as last written until it errs or the no-progress timeout ends it.
 */
public final class TransferClock {
    private TransferClock() {
    }

    /** True in the states whose time counts against the job's maximum download time. */
    public static boolean counts(JobState state) {
        return state == JobState.CONNECTING || state == JobState.TRANSFERRING;
    }

    /** {@code job}'s transfer time at {@code now} (a clock behind {@code modified} adds nothing). */
    static Duration used(Job job, Instant now) {
        Duration recorded = job.times().transferTime();
        if (!counts(job.state()) || !now.isAfter(job.times().modified())) {
            return recorded;
        }
        return recorded.plus(Duration.between(job.times().modified(), now));
    }

    /**
     * When {@code job}, transferring, reaches its maximum download time; empty without a limit or
     * outside the transfer states. It does not move while the job transfers: each snapshot's
     * {@code modified} advances as much as its recorded time.
     */
    public static Optional<Instant> deadline(Job job) {
        int limit = job.options().maximumDownloadTimeSeconds();
        if (limit <= 0 || !counts(job.state())) {
            return Optional.empty();
        }
        return Optional.of(job.times().modified().plus(Duration.ofSeconds(limit).minus(job.times().transferTime())));
    }

    /** True when {@code job} has spent more than its maximum download time transferring by {@code now}. */
    public static boolean exceeded(Job job, Instant now) {
        return deadline(job).map(d -> !now.isBefore(d)).orElse(false);
    }

    /** The rate of the snapshot that follows {@code base} in {@code state} with {@code files} at {@code now}. */
    static long rate(Job base, JobState state, List<JobFile> files, Instant now) {
        if (state != JobState.TRANSFERRING) {
            return 0;
        }
        long ms = Duration.between(base.times().modified(), now).toMillis();
        if (files == base.files() || files.equals(base.files()) || ms <= 0) {
            return base.bytesPerSecond();
        }
        long gained = Progress.of(files).bytesTransferred() - base.progress().bytesTransferred();
        // A file begun again (its origin ignored the range) shrinks the total: no rate from that.
        return Math.max(0, gained) * 1000 / ms;
    }
}
