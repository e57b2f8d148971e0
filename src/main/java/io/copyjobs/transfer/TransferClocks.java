package io.copyjobs.transfer;

import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobId;
import io.copyjobs.job.TransferClock;
import io.copyjobs.metrics.TransferMeters;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The clocks of a node's running transfers. Each job with a maximum download time has one timer,
 * set to the deadline its latest snapshot gives ({@link TransferClock#deadline}): the job step
 * counts the time, so a job moved to this node brings what it spent elsewhere, and the deadline is
 * the same whichever snapshot it is read from. A snapshot with another deadline (a PATCH raised or
 * lowered the limit) moves the timer. When it fires, the transfer stops and reports
 * BG_E_MAXDOWNLOAD_TIMEOUT, at once and not at the next chunk of a slow origin. Also times how long
 * jobs waited QUEUED for their first answer.
 */
final class TransferClocks {
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final TransferMeters meters;
    private final Map<JobId, Armed> armed = new ConcurrentHashMap<>();

    private record Armed(Transfer transfer, Instant at, ScheduledFuture<?> task) {
    }

    TransferClocks(ScheduledExecutorService timer, Clock clock, TransferMeters meters) {
        this.timer = timer;
        this.clock = clock;
        this.meters = meters;
    }

    /** Sets the timer of {@code transfer} to the deadline of {@code job}, its job's latest snapshot; none without one. */
    void arm(Job job, Transfer transfer) {
        Optional<Instant> deadline = TransferClock.deadline(job);
        int limit = job.options().maximumDownloadTimeSeconds();
        armed.compute(job.id(), (id, old) -> {
            if (old != null && old.transfer() == transfer && deadline.isPresent() && old.at().equals(deadline.get())) {
                return old;
            }
            if (old != null) {
                old.task().cancel(false);
            }
            return deadline.map(at -> new Armed(transfer, at, timer.schedule(() -> transfer.outOfTime(limit),
                    Math.max(0, Duration.between(clock.instant(), at).toNanos()), TimeUnit.NANOSECONDS))).orElse(null);
        });
    }

    /** The transfer ended: its timer goes (unless another transfer of the job set it since). */
    void disarm(JobId id, Transfer transfer) {
        armed.computeIfPresent(id, (k, a) -> {
            if (a.transfer() != transfer) {
                return a;
            }
            a.task().cancel(false);
            return null;
        });
    }

    /** A transfer of a job that entered QUEUED at {@code queuedSince} has its first answer now. */
    void firstAnswer(Instant queuedSince) {
        meters.firstAnswer(Duration.between(queuedSince, clock.instant()));
    }

    /** A transfer stopped because its job ran out of time. */
    void timedOut() {
        meters.transferFailed(ErrorCode.BG_E_MAXDOWNLOAD_TIMEOUT.name());
    }
}
