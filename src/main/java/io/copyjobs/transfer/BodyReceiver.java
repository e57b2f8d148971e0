package io.copyjobs.transfer;

import io.copyjobs.metrics.TransferMeters;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Copies an origin's answer into a file's part file for {@link FileDownloader}: buffer by buffer,
 * counting each on {@code copyjobs_transfer_bytes_total{source="origin"}}, reporting progress
 * paced, stopping a file over COPYJOBS_MAX_FILE_BYTES, a body that stalls, or on the cancel signal
 * (looked at every {@value Connector#TICK_MILLIS} ms and between buffers).
 */
final class BodyReceiver {
    private final DownloadSettings settings;
    private final TransferMeters meters;

    BodyReceiver(DownloadSettings settings, TransferMeters meters) {
        this.settings = settings;
        this.meters = meters;
    }

    /** Writes the whole body through {@code writer} and closes it; the writer's position and digest are then the file's. */
    PartWriter receive(DownloadAttempt attempt, HttpResponse<BodyChunks> response, PartWriter writer)
            throws TransferStop, InterruptedException {
        long total = ResponseHeaders.total(response);
        try (writer) {
            checkSize(attempt, total);
            ProgressThrottle progress = new ProgressThrottle(attempt.listener(), settings.progressInterval(),
                    settings.progressBytes(), System::nanoTime);
            progress.report(total, writer.position());
            copy(attempt, response.body(), writer, total, progress);
        }
        if (total >= 0 && writer.position() != total) {
            throw Failures.disconnected("the answer ended after " + writer.position() + " of " + total + " bytes",
                    attempt.fileIndex());
        }
        return writer;
    }

    private void copy(DownloadAttempt attempt, BodyChunks body, PartWriter writer, long total, ProgressThrottle progress)
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
                progress.offer(total, writer.position());
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

    /** Stops a file over the size limit, known from the headers or counted, and drops its bytes. */
    private void checkSize(DownloadAttempt attempt, long bytes) throws TransferStop {
        if (bytes > settings.maxFileBytes()) {
            attempt.part().discard();
            throw Failures.tooLarge(bytes, settings.maxFileBytes(), attempt.fileIndex());
        }
    }
}
