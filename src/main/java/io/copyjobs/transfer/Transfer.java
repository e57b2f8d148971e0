package io.copyjobs.transfer;

import io.copyjobs.job.Command;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobFile;
import io.copyjobs.wire.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One job's transfer on a transfer thread: its unfinished files in order, each resumed from its
 * part file, with progress, completion and errors reported as commands. Stops at once when
 * cancelled, leaving part files for a later resume.
 */
final class Transfer {
    private static final Logger LOG = LoggerFactory.getLogger(Transfer.class);
    private final Job job;
    private final TransferEngine engine;
    private volatile boolean cancelled;

    Transfer(Job job, TransferEngine engine) {
        this.job = job;
        this.engine = engine;
    }

    /** Asks the transfer to stop; true the first time. */
    boolean cancel() {
        boolean first = !cancelled;
        cancelled = true;
        return first;
    }

    void run() {
        Path jobDir;
        try {
            jobDir = JobDirectory.locate(engine.filesDir(), job.owner(), job.id());
        } catch (IOException e) {
            engine.send(job.id(), new Command.FailTransfer(Failures.jobDirectory(e), false));
            return;
        }
        for (int i = 0; i < job.files().size() && !cancelled; i++) {
            JobFile file = job.files().get(i);
            if (!file.completed() && !transfer(jobDir, i, file)) {
                return;
            }
        }
    }

    /** Transfers one file; false when the job must not go on (error, stop, or a refused report). */
    private boolean transfer(Path jobDir, int index, JobFile file) {
        DownloadResult result = engine.downloader().download(FileTask.of(jobDir, index, file),
                (total, transferred) -> report(new Command.ReportProgress(index, total, transferred, false, engine.node())),
                () -> cancelled);
        if (result instanceof DownloadResult.Completed done) {
            long size = done.bytesTransferred();
            return accepted(engine.send(job.id(), new Command.ReportProgress(index, size, size, true, engine.node())));
        }
        if (result instanceof DownloadResult.Failed failed) {
            LOG.info("job {} file {} failed: {} {} ({})", job.id(), index, failed.error().code(),
                    failed.transientError() ? "transient" : "fatal", failed.error().description());
            // Waited for, so that the engine sees the new state before it could take the job up again.
            accepted(engine.send(job.id(), new Command.FailTransfer(failed.error(), failed.transientError())));
        }
        return false;
    }

    /** Progress goes out without waiting; a refusal (the job was suspended, say) stops the transfer. */
    private void report(Command.ReportProgress progress) {
        engine.send(job.id(), progress).thenAccept(o -> {
            if (o.status() == Outcome.Status.REJECTED) {
                cancel();
            }
        });
    }

    /** Waits for a file's completion to be recorded before the next file starts. */
    private boolean accepted(CompletableFuture<Outcome> outcome) {
        try {
            return outcome.get(30, TimeUnit.SECONDS).status() == Outcome.Status.APPLIED && !cancelled;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("the completion of a file of job {} was not confirmed: {}", job.id(), e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
