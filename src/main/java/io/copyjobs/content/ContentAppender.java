package io.copyjobs.content;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Appends bytes to a content's part file, in order: what it has written is at once what
 * {@link ContentStore#available} reports, so peers can read a content while it grows. It hashes
 * what it writes, when the bytes before it were hashed the same way ({@link RunningHashes}).
 */
public final class ContentAppender implements AutoCloseable {
    /** Told, once the appender is closed, of the hash of what it wrote (null when none). */
    interface Closing {
        void closed(PieceHasher hasher);
    }

    private final FileChannel channel;
    private final PieceHasher hasher;
    private final Closing closing;
    private long position;

    ContentAppender(FileChannel channel, long position, PieceHasher hasher, Closing closing) {
        this.channel = channel;
        this.position = position;
        this.hasher = hasher;
        this.closing = closing;
    }

    /** Writes all of {@code bytes}; a full disk is the IOException's to say. */
    public void write(ByteBuffer bytes) throws IOException {
        if (hasher != null) {
            hasher.update(bytes.duplicate());
        }
        while (bytes.hasRemaining()) {
            position += channel.write(bytes, position);
        }
    }

    /** The length of the part file: where the next byte goes. */
    public long position() {
        return position;
    }

    /** Forced to disk first: a content advertised to peers must survive this node's power cut. */
    @Override
    public void close() throws IOException {
        try (channel) {
            channel.force(false);
        }
        closing.closed(hasher);
    }
}
