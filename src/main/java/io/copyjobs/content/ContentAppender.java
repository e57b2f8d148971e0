package io.copyjobs.content;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Appends bytes to a content's part file, in order: what it has written is at once what
 * {@link ContentStore#available} reports, so peers can read a content while it grows.
 */
public final class ContentAppender implements AutoCloseable {
    private final FileChannel channel;
    private long position;

    ContentAppender(FileChannel channel, long position) {
        this.channel = channel;
        this.position = position;
    }

    /** Writes all of {@code bytes}; a full disk is the IOException's to say. */
    public void write(ByteBuffer bytes) throws IOException {
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
    }
}
