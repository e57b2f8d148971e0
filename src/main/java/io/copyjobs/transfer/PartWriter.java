package io.copyjobs.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.List;

/**
 * Writes a response's buffers to a part file, keeping the SHA-256 of everything the file holds
 * (the resumed prefix included) and its length. Any write error becomes a LOCAL_FILE failure.
 */
final class PartWriter implements AutoCloseable {
    private final FileChannel channel;
    private final MessageDigest digest;
    private final PartFile part;
    private long position;

    PartWriter(FileChannel channel, MessageDigest digest, long position, PartFile part) {
        this.channel = channel;
        this.digest = digest;
        this.position = position;
        this.part = part;
    }

    void write(List<ByteBuffer> buffers) throws TransferStop {
        try {
            for (ByteBuffer buffer : buffers) {
                digest.update(buffer.duplicate());
                while (buffer.hasRemaining()) {
                    position += channel.write(buffer);
                }
            }
        } catch (IOException e) {
            throw part.failure(e);
        }
    }

    /** The bytes the part file holds. */
    long position() {
        return position;
    }

    /** The digest of the whole part file; call once, after the last write. */
    MessageDigest digest() {
        return digest;
    }

    /** Closes the file, forced to disk, so that a part file the job calls complete survives a power cut. */
    @Override
    public void close() throws TransferStop {
        try (channel) {
            channel.force(false);
        } catch (IOException e) {
            throw part.failure(e);
        }
    }
}
