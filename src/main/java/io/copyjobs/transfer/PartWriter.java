package io.copyjobs.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * Writes a response's buffers to a part file, keeping the hash of everything the file holds
 * (the resumed prefix included, see {@link PartHash}) and its length. Any write error becomes a LOCAL_FILE failure.
 */
final class PartWriter implements AutoCloseable {
    private final FileChannel channel;
    private final PartHash hash;
    private final PartFile part;
    private long position;

    PartWriter(FileChannel channel, PartHash hash, long position, PartFile part) {
        this.channel = channel;
        this.hash = hash;
        this.position = position;
        this.part = part;
    }

    void write(List<ByteBuffer> buffers) throws TransferStop {
        try {
            for (ByteBuffer buffer : buffers) {
                hash.update(buffer);
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

    /** The hash of the whole part file; its SHA-256 is to be taken once, after the last write. */
    PartHash hash() {
        return hash;
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
