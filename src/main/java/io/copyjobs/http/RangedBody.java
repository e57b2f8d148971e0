package io.copyjobs.http;

import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.Rejection;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.util.Optional;

/**
 * Bytes answered as RFC 9110 says: the whole (200) or the one range asked for (206), 416 past the
 * end. Javalin's own writer is made for media. Shared by a job file's content and the node-to-node
 * content route.
 */
final class RangedBody {
    private static final Logger LOG = LoggerFactory.getLogger(RangedBody.class);
    /** Javalin's own for a result stream. */
    private static final int BUFFER = 32 * 1024;
    /** Opens the bytes to send, from their start. */
    @FunctionalInterface
    interface Source {
        InputStream open() throws IOException;
    }

    private RangedBody() {
    }

    /** Writes {@code size} bytes of {@code source}, or the range of them the request asks for. */
    static void write(Context ctx, Source source, long size) {
        try {
            // The length is the file's: a compressed body would be longer or shorter than it says.
            ctx.disableCompression();
            ctx.header("Accept-Ranges", "bytes").contentType("application/octet-stream");
            Optional<ByteRange> range;
            try {
                range = ByteRange.parse(ctx.header("Range"), size);
            } catch (ByteRange.Unsatisfiable e) {
                ctx.header("Content-Range", "bytes */" + size);
                unsatisfiable(ctx, "Range: past the end of the " + size + " bytes of the file");
                return;
            }
            if (range.isEmpty()) {
                ctx.header("Content-Length", Long.toString(size)).status(200);
                send(ctx, new Bounded(source.open(), size));
                return;
            }
            ByteRange r = range.get();
            InputStream in = source.open();
            try {
                in.skipNBytes(r.first());
            } catch (EOFException e) {
                // Cut back since its size was taken (a part file's peer fetch or restart): nothing there to send.
                in.close();
                unsatisfiable(ctx, "Range: past the end of the file, shorter than " + size + " bytes by now");
                return;
            } catch (IOException e) {
                in.close();
                throw e;
            }
            ctx.header("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + size)
                    .header("Content-Length", Long.toString(r.length()))
                    .status(206);
            send(ctx, new Bounded(in, r.length()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the first {@code length} bytes of a file opened already (at most its length when
     * opened, which a delete of its name, a discard or an eviction, no longer changes). The channel
     * is closed with the answer, or at once when there is none to send.
     */
    static void write(Context ctx, FileChannel channel, long length) {
        InputStream in = Channels.newInputStream(channel);
        boolean[] sent = {false};
        try {
            write(ctx, () -> {
                sent[0] = true;
                return in;
            }, length);
        } finally {
            if (!sent[0]) {
                closeQuietly(in);
            }
        }
    }

    /**
     * Writes the body here rather than as Javalin's result: Javalin times a request (its request
     * logger: {@code copyjobs_http_requests}) after it wrote the result, and not at all when that
     * write fails, so an answer its client dropped midway (a fetcher at a bad piece, a cancel) was
     * never counted (HolderAnswersTest). A failed write ends the answer short, and the request is
     * timed with the status it was sent with.
     */
    private static void send(Context ctx, InputStream body) {
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = body) {
            OutputStream out = ctx.outputStream();
            int n = in.read(buffer);
            while (n >= 0) {
                out.write(buffer, 0, n);
                n = in.read(buffer);
            }
        } catch (IOException e) {
            // The client went away, or the file under the read: Jetty closes a connection whose answer fell short of its length.
            LOG.debug("{} {}: the answer ended early: {}", ctx.method(), ctx.path(), e.toString());
        }
    }

    private static void unsatisfiable(Context ctx, String detail) {
        Responses.problem(ctx, Rejection.of(ErrorCode.E_INVALIDARG, detail), 416);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // a file opened for reading only: nothing was left unwritten
        }
    }

    /** Reads at most {@code limit} bytes of a stream: a growing file must not send more than it said. */
    private static final class Bounded extends FilterInputStream {
        private long left;

        Bounded(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(buf, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
