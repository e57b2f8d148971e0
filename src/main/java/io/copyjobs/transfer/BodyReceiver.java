package io.copyjobs.transfer;

import io.copyjobs.metrics.TransferMeters;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Copies an origin's answer into a file's part file for {@link FileDownloader}: buffer by buffer,
 * counting each on {@code copyjobs_transfer_bytes_total{source="origin"}}, reporting progress
 * paced, keeping to the node's and the job's bandwidth limits ({@link Bandwidth}), stopping a file
 * over COPYJOBS_MAX_FILE_BYTES, a body that stalls, or on the cancel signal (looked at every
 * {@value Connector#TICK_MILLIS} ms and between buffers).
 */
final class BodyReceiver {
    private final DownloadSettings settings;
    private final TransferMeters meters;
    private final Bandwidth bandwidth;

    BodyReceiver(DownloadSettings settings, TransferMeters meters, Bandwidth bandwidth) {
        this.settings = settings;
        this.meters = meters;
        this.bandwidth = bandwidth;
    }

    /** Writes the whole body through {@code writer} and closes it; the writer's position and digest are then the file's. */
    PartWriter receive(DownloadAttempt attempt, HttpResponse<BodyChunks> response, PartWriter writer)
            throws TransferStop, InterruptedException {
        long total = ResponseHeaders.total(response);
        try (writer; Bandwidth.Throttle throttle = bandwidth.open(attempt.task())) {
            checkSize(attempt, total);
            ProgressThrottle progress = new ProgressThrottle(attempt.listener(), settings.progressInterval(),
                    settings.progressBytes(), System::nanoTime);
            progress.report(total, writer.position());
            copy(attempt, response.body(), writer, new Copy(total, progress, throttle));
        }
        if (total >= 0 && writer.position() != total) {
            throw Failures.disconnected("the answer ended after " + writer.position() + " of " + total + " bytes",
                    attempt.fileIndex());
        }
        return writer;
    }

    private void copy(DownloadAttempt attempt, BodyChunks body, PartWriter writer, Copy copy)
            throws TransferStop, InterruptedException {
        long lastData = System.nanoTime();
        while (!attempt.cancelled().getAsBoolean()) {
            List<ByteBuffer> buffers = next(attempt, body);
            if (buffers == null) {
                if (System.nanoTime() - lastData > settings.stallTimeout().toNanos()) {
                    throw Failures.disconnected("the server sent nothing for " + settings.stallTimeout().toSeconds()
                            + " s", attempt.fileIndex());
                }
            } else if (buffers.isEmpty()) {
                return;
            } else {
                long before = writer.position();
                writer.write(buffers);
                meters.fromOrigin(writer.position() - before);
                checkSize(attempt, writer.position());
                copy.progress.offer(copy.total, writer.position());
                if (!copy.throttle.pay(writer.position() - before, attempt.cancelled())) {
                    break;
                }
                lastData = System.nanoTime();
            }
        }
        throw TransferStop.cancelled();
    }

    private static List<ByteBuffer> next(DownloadAttempt attempt, BodyChunks body) throws TransferStop, InterruptedException {
        try {
            return body.next(Connector.TICK_MILLIS);
        } catch (IOException e) {
            throw Failures.disconnected("the connection dropped (" + Failures.reason(e.getCause()) + ")",
                    attempt.fileIndex());
        }
    }

    /** What one copy reports to and pays. */
    private record Copy(long total, ProgressThrottle progress, Bandwidth.Throttle throttle) {
    }

    /** Stops a file over the size limit, known from the headers or counted, and drops its bytes. */
    private void checkSize(DownloadAttempt attempt, long bytes) throws TransferStop {
        if (bytes > settings.maxFileBytes()) {
            attempt.part().discard();
            throw Failures.tooLarge(bytes, settings.maxFileBytes(), attempt.fileIndex());
        }
    }
}
