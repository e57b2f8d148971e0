package io.copyjobs.streams;

import io.copyjobs.job.Command;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobFile;
import io.copyjobs.job.JobState;
import io.copyjobs.json.JobDocument;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Bounds what a transfer's progress costs Kafka. Each written report puts the whole job into the
 * store's changelog and the compacted {@code jobs} topic, so at one report a second a 200-file job
 * of 400 KB cost the broker over 1 MB/s however few bytes moved. A report that changes nothing is
 * not written, and a job's reports are written at most once per {@link #interval(int)}, which
 * grows with the job so that its two full copies stay within {@link #BUDGET_BYTES_PER_SECOND}.
 * Reports carry absolute figures, so a skipped one loses nothing but freshness; a file's completion
 * and every change of state are always written. The pace is kept per task in memory: after a move
 * of the partition the first report is written at once.
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

    /** The least time between two written progress reports of a job whose document has this many bytes. */
    static Duration interval(int documentBytes) {
        long ms = (long) documentBytes * COPIES * 1000 / BUDGET_BYTES_PER_SECOND;
        return Duration.ofMillis(Math.max(MIN_INTERVAL.toMillis(), ms));
    }

    /** True when {@code command} is a progress report that need not be written now. */
    boolean skip(Command command, JobDocument current, long nowMs) {
        if (!(command instanceof Command.ReportProgress report) || report.completed() || current == null) {
            return false;
        }
        Job job = current.job();
        if (job.state() != JobState.TRANSFERRING || report.fileIndex() < 0 || report.fileIndex() >= job.files().size()) {
            return false;
        }
        JobFile file = job.files().get(report.fileIndex());
        if (file.bytesTotal() == report.bytesTotal() && file.bytesTransferred() == report.bytesTransferred()
                && Objects.equals(file.node(), report.node())) {
            return true;
        }
        Long last = lastWrittenMs.get(job.id().toString());
        return last != null && nowMs - last < interval(current.json().length).toMillis() - JITTER_MS;
    }

    /** Notes that {@code job} was written now; the pace of a job that left TRANSFERRING is forgotten. */
    void written(Job job, long nowMs) {
        if (job.state() == JobState.TRANSFERRING) {
            lastWrittenMs.put(job.id().toString(), nowMs);
        } else {
            lastWrittenMs.remove(job.id().toString());
        }
    }
}
