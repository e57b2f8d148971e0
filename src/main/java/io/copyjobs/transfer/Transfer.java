package io.copyjobs.transfer;

import io.copyjobs.job.Command;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobFile;
import io.copyjobs.job.JobState;
import io.copyjobs.wire.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One job's transfer on a transfer thread: its unfinished files in order, each resumed from its
 * part file, with progress, completion and errors reported as commands. Stops at once when
 * cancelled, leaving part files for a later resume.
 *
 * <p>A {@linkplain #retry retry} of a job in TRANSIENT_ERROR writes nothing until the origin
 * answers: only then does the job go back to QUEUED and on to CONNECTING (Retry, StartTransfer),
 * and the request that reached the origin carries on. A retry that fails reports its error, which
 * the job step writes at the job's pace when it repeats the last one (counting it in errorCount
 * with the job's next write all the same, see ProgressPace). Moved through the three
 * states at every retry, a 434 KB job whose origin refused connections cost Kafka 784 KB/s at the
 * shortest retry delay (bench/run.sh progress).
 */
final class Transfer {
    private static final Logger LOG = LoggerFactory.getLogger(Transfer.class);
    private final Job job;
    private final TransferEngine engine;
    private final boolean retry;
    /** When the job entered QUEUED, for a transfer the engine started from there; else null. */
    private final Instant queuedSince;
    /** A retry whose job is back at work; set on the transfer thread, read by the engine's scheduler. */
    private volatile boolean resumed;
    private volatile boolean cancelled;
    /** Set by the job's download-time timer, before it cancels: the limit in force then, in seconds (0: not out of time). */
    private volatile int outOfTime;
    private boolean answered;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private boolean failureReported;

    Transfer(Job job, TransferEngine engine) {
        this(job, engine, false, null);
    }

    private Transfer(Job job, TransferEngine engine, boolean retry, Instant queuedSince) {
        this.job = job;
        this.engine = engine;
        this.retry = retry;
        this.queuedSince = queuedSince;
    }

    /** A retry of {@code job}, which is in TRANSIENT_ERROR and stays so unless its origin answers. */
    static Transfer retry(Job job, TransferEngine engine) {
        return new Transfer(job, engine, true, null);
    }

    /** The transfer of {@code job}, CONNECTING now, that the engine started from QUEUED, where the job was since {@code queued}. */
    static Transfer started(Job job, Instant queued, TransferEngine engine) {
        return new Transfer(job, engine, false, queued);
    }

    Job job() {
        return job;
    }

    /** True when a job in {@code state} may have this transfer running. */
    boolean runsIn(JobState state) {
        boolean waiting = retry && !resumed && (state == JobState.TRANSIENT_ERROR || state == JobState.QUEUED);
        return waiting || state == JobState.CONNECTING || state == JobState.TRANSFERRING;
    }

    /**
     * Why this transfer must stop for the job as it is {@code now}, or null when it may go on: the
     * job left the states it runs in, or a file it has still to fetch got a new URL (the engine
     * then begins the job again from there, see {@link RemoteNames}).
     */
    String outdatedBy(Job now) {
        if (!runsIn(now.state())) {
            return "it is " + now.state();
        }
        OptionalInt file = RemoteNames.changed(job, now);
        return file.isPresent() ? "file " + file.getAsInt() + " has a new remote URL" : null;
    }

    /** Keeps the running transfer to the job as it is {@code now}: its time budget and its bandwidth limit. */
    void follow(Job now) {
        engine.clocks().arm(now, this);
        engine.fetcher().limit(now.id().toString(), now.options());
    }

    /** Asks the transfer to stop; true the first time. */
    boolean cancel() {
        boolean first = !cancelled;
        cancelled = true;
        return first;
    }

    /** The job's maximum download time, {@code limit} s as its latest snapshot has it, is spent: stop, report BG_E_MAXDOWNLOAD_TIMEOUT. */
    void outOfTime(int limit) {
        outOfTime = limit;
        cancel();
    }

    void run(Fetcher fetcher) {
        engine.clocks().arm(job, this);
        try {
            transferFiles(fetcher);
        } finally {
            engine.clocks().disarm(job.id(), this);
            ended.complete(null);
        }
    }

    /** Waits up to {@code timeout} for {@link #run} to have returned, its files let go of; false if it has not. */
    boolean awaitEnd(Duration timeout) {
        try {
            ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void transferFiles(Fetcher fetcher) {
        Path jobDir;
        try {
            jobDir = JobDirectory.locate(engine.filesDir(), job.owner(), job.id());
        } catch (IOException e) {
            engine.fail(job.id(), new Command.FailTransfer(Failures.jobDirectory(e), false));
            return;
        }
        for (int i = 0; i < job.files().size(); i++) {
            JobFile file = job.files().get(i);
            if (!file.completed() && (cancelled || !transfer(fetcher, jobDir, i, file))) {
                if (outOfTime > 0 && !failureReported) {
                    timedOut(i);
                }
                return;
            }
        }
    }

    /** Reports the time spent as a download's failure, naming the timer's limit (a PATCH may have changed {@code job}'s). */
    private void timedOut(int fileIndex) {
        int limit = outOfTime;
        LOG.info("job {} spent its maximum download time of {} s", job.id(), limit);
        engine.clocks().timedOut();
        accepted(engine.fail(job.id(), new Command.FailTransfer(Failures.outOfTime(limit, fileIndex), false)));
    }

    /** The first answer of a transfer started from QUEUED ends the job's wait (copyjobs_transfer_queued_seconds). */
    private void answered() {
        if (!answered && queuedSince != null) {
            engine.clocks().firstAnswer(queuedSince);
        }
        answered = true;
    }

    /**
     * What progress says came from the origin so far: everything, for a file without a SHA-256
     * (never shared); for a shared content the split is known only once it is complete, and the
     * completion report carries it.
     */
    private static long fromOrigin(JobFile file, long transferred) {
        return file.sha256() == null ? transferred : 0;
    }

    /** Transfers one file; false when the job must not go on (error, stop, or a refused report). */
    private boolean transfer(Fetcher fetcher, Path jobDir, int index, JobFile file) {
        ProgressListener listener = (total, transferred) -> {
            answered();
            if (resumed()) {
                report(new Command.ReportProgress(index, total, transferred, false, engine.node(),
                        fromOrigin(file, transferred), 0, null));
            }
        };
        String id = job.id().toString();
        DownloadResult result = fetcher.fetch(id, FileTask.of(id, jobDir, index, file, job.options()), listener,
                () -> cancelled);
        if (result instanceof DownloadResult.Completed done) {
            answered();
            long size = done.bytesTransferred();
            Command.ReportProgress completed = new Command.ReportProgress(index, size, size, true, engine.node(),
                    done.bytesFromOrigin(), done.bytesFromPeers(), done.sha256());
            // The last file's thread holds no slot while Kafka confirms (~0.5 s under load): the job "awaits" the outcome
            // meanwhile, which the engine leaves be, and is TRANSFERRED once the job step has committed it.
            boolean last = job.files().stream().skip(index + 1L).allMatch(JobFile::completed);
            return resumed() && (last ? report(completed) : accepted(engine.send(job.id(), completed)));
        }
        if (result instanceof DownloadResult.Failed failed) {
            LOG.info("job {} file {} failed: {} {} ({})", job.id(), index, failed.error().code(),
                    failed.transientError() ? "transient" : "fatal", failed.error().description());
            // Waited for, so that the engine sees the new state before it could take the job up again.
            failureReported = true;
            accepted(engine.fail(job.id(), new Command.FailTransfer(failed.error(), failed.transientError())));
        }
        return false;
    }

    /**
     * True once the job may record progress: at once for a transfer, and for a retry once the
     * origin has answered and the job is back at work; a retry the job step refuses (the job was
     * suspended meanwhile, say) stops.
     */
    private boolean resumed() {
        if (!retry || resumed) {
            return true;
        }
        resumed = accepted(engine.requeue(job.id()));
        if (!resumed) {
            cancel();
        }
        return resumed;
    }

    /** Progress goes out without waiting (true: the transfer goes on); a refusal (the job was suspended, say) stops it. */
    private boolean report(Command.ReportProgress progress) {
        engine.send(job.id(), progress).thenAccept(o -> {
            if (o.status() == Outcome.Status.REJECTED) {
                cancel();
            }
        });
        return true;
    }

    /** Waits for a report (a file's completion, say) to be recorded before the transfer goes on. */
    private boolean accepted(CompletableFuture<Outcome> outcome) {
        try {
            return outcome.get(30, TimeUnit.SECONDS).status() == Outcome.Status.APPLIED && !cancelled;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("a report of job {} was not confirmed: {}", job.id(), e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
