package io.copyjobs.streams;

import io.copyjobs.job.Actor;
import io.copyjobs.job.Command;
import io.copyjobs.job.Decision;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobFile;
import io.copyjobs.job.JobState;
import io.copyjobs.job.JobStateMachine;
import io.copyjobs.json.JobDocument;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Bounds what a transfer's progress costs Kafka. Each written report puts the whole job into the
 * store's changelog and the compacted {@code jobs} topic, so at one report a second a 200-file job
 * of 400 KB cost the broker over 1 MB/s however few bytes moved. A report that changes nothing is
 * not written, and a job's reports are written at most once per {@link #interval(int)}, which
 * grows with the job so that its two full copies stay within {@link #BUDGET_BYTES_PER_SECOND}.
 * Reports carry absolute figures, so a skipped one loses nothing but freshness; a file's completion
 * and every change of state are always written. A retry that fails as the one before is paced the
 * same way: it would change nothing but the error's time and count (a 434 KB job whose origin
 * refuses connections, retried every 5 s, would be rewritten at 170 KB/s). Such a failure is held
 * back, not lost: the job's next write, whichever command makes it, counts it in errorCount (SPEC
 * §1, BITS GetErrorCount: every attempt that failed), so the count is exact in every snapshot.
 *
 * <p>The pace and the failures held back are kept per task in memory, made anew each time the
 * task's job step is initialised: after a move of the partition the first report is written at
 * once, and the failures the old task held back since the job's last write (at most one
 * {@link #interval} of retries) are not counted. Never twice: a held-back failure is forgotten
 * once a write counts it, and records processed again after an aborted transaction meet a task
 * initialised anew against the committed store.
 */
final class ProgressPace {
    /** What one job's progress may write per second, both full copies (changelog and {@code jobs}) together. */
    static final long BUDGET_BYTES_PER_SECOND = 32 * 1024;
    /** SPEC §8: progress is written at most every second. */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    private static final int COPIES = 2;
    /** The engine reports about once a second; one that comes a little early is not held back a whole interval. */
    private static final long JITTER_MS = 250;

    private final Map<String, Long> lastWrittenMs = new HashMap<>();
    private final Map<String, Integer> heldBackFailures = new HashMap<>();

    /** The least time between two written progress reports of a job whose document has this many bytes. */
    static Duration interval(int documentBytes) {
        // Rounded up: rounded down, the job's writes exceeded the budget by a byte a second.
        long ms = ((long) documentBytes * COPIES * 1000 + BUDGET_BYTES_PER_SECOND - 1) / BUDGET_BYTES_PER_SECOND;
        return Duration.ofMillis(Math.max(MIN_INTERVAL.toMillis(), ms));
    }

    /**
     * True when {@code command} is a progress report or a repeated failure that need not be written
     * now; such a failure is held back for the job's next write to count.
     */
    boolean skip(Command command, JobDocument current, long nowMs) {
        if (current == null) {
            return false;
        }
        if (command instanceof Command.FailTransfer failure) {
            boolean held = tooSoon(current, nowMs) && repeats(failure, current.job(), nowMs);
            if (held) {
                heldBackFailures.merge(current.job().id().toString(), 1, Integer::sum);
            }
            return held;
        }
        if (!(command instanceof Command.ReportProgress report) || report.completed()) {
            return false;
        }
        Job job = current.job();
        if (job.state() != JobState.TRANSFERRING || report.fileIndex() < 0 || report.fileIndex() >= job.files().size()) {
            return false;
        }
        JobFile file = job.files().get(report.fileIndex());
        return report.appliedTo(file).equals(file) || tooSoon(current, nowMs);
    }

    /**
     * True when a job in TRANSIENT_ERROR would stay there with the error it has, but for its time:
     * the state machine's own decision, so that an error which ends the wait (the no-progress
     * timeout, a fatal answer) or differs is never held back.
     */
    private static boolean repeats(Command.FailTransfer failure, Job job, long nowMs) {
        if (job.state() != JobState.TRANSIENT_ERROR || job.error() == null) {
            return false;
        }
        Decision decision = JobStateMachine.decide(job.id(), Optional.of(job), failure, Actor.SYSTEM,
                Instant.ofEpochMilli(nowMs));
        return decision instanceof Decision.Applied applied && applied.job().state() == JobState.TRANSIENT_ERROR
                && applied.job().error().stamped(null, null).equals(job.error().stamped(null, null));
    }

    private boolean tooSoon(JobDocument current, long nowMs) {
        Long last = lastWrittenMs.get(current.job().id().toString());
        return last != null && nowMs - last < interval(current.json().length).toMillis() - JITTER_MS;
    }

    /**
     * The decision as the job step writes it now: an applied one's job counts the failures held
     * back since the job's last write, and its pace starts again (the pace of a job that no longer
     * transfers or waits is forgotten). Other decisions write nothing and pass unchanged.
     */
    Decision written(Decision decision, long nowMs) {
        if (!(decision instanceof Decision.Applied applied)) {
            return decision;
        }
        String id = applied.job().id().toString();
        if (applied.job().state() == JobState.TRANSFERRING || applied.job().state() == JobState.TRANSIENT_ERROR) {
            lastWrittenMs.put(id, nowMs);
        } else {
            lastWrittenMs.remove(id);
        }
        Integer held = heldBackFailures.remove(id);
        return held == null ? decision
                : new Decision.Applied(applied.job().withErrorsCounted(held), applied.events(), applied.result());
    }
}
