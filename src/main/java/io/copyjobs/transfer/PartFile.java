package io.copyjobs.transfer;

import io.copyjobs.job.FilePlaces;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A file's bytes while they download: {@code <localName>.part} in the job directory and, beside
 * it, {@code <localName>.part.meta} holding the validator (strong ETag or Last-Modified) of the
 * answer the bytes came from, which a resume sends as {@code If-Range}. Bytes without a validator
 * cannot be shown to belong to the remote file as it is now, so they are never resumed.
 */
final class PartFile {
    private static final Pattern VALIDATOR = Pattern.compile("[\\x20-\\x7E]{1,1024}");
    private final Path part;
    private final Path meta;
    private final String name;
    private final int fileIndex;

    private PartFile(Path target, FileTask task) {
        this.part = partPath(target);
        this.meta = metaPath(target);
        this.name = task.localName() + FilePlaces.PART;
        this.fileIndex = task.fileIndex();
    }

    /** The task's part file, or empty when its local name would not stay inside the job directory. */
    static Optional<PartFile> of(FileTask task) {
        return JobDirectory.resolve(task.jobDir(), task.localName()).map(target -> new PartFile(target, task));
    }

    static Path partPath(Path target) {
        return target.resolveSibling(target.getFileName() + FilePlaces.PART);
    }

    static Path metaPath(Path target) {
        return target.resolveSibling(target.getFileName() + FilePlaces.PART + FilePlaces.META);
    }

    /** The validator to resume with, when there are bytes and a validator recorded for them. */
    Optional<String> resumeValidator() throws TransferStop {
        try {
            if (size() == 0 || !Files.exists(meta)) {
                return Optional.empty();
            }
            String validator = new String(Files.readAllBytes(meta), StandardCharsets.ISO_8859_1).strip();
            // A torn or foreign meta file must not become a malformed If-Range header: restart instead.
            return VALIDATOR.matcher(validator).matches() ? Optional.of(validator) : Optional.empty();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** The bytes in the part file; 0 when there is none (a crash or a move to a node without it). */
    long size() {
        try {
            return Files.exists(part) ? Files.size(part) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Empties the part file for an answer from byte 0 and records that answer's validator. The
     * truncation comes first, so the meta file never names bytes from another version of the file.
     */
    PartWriter restart(Optional<String> validator, PartHash hash) throws TransferStop {
        try {
            Files.createDirectories(part.getParent());
            FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            record(validator);
            return new PartWriter(channel, hash, 0, this);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /**
     * Records {@code validator} for the bytes there are (none: forgets the old one), when a resume by
     * the file's SHA-256 carried them on from a URL whose version differs.
     */
    void record(Optional<String> validator) throws TransferStop {
        try {
            if (validator.isPresent()) {
                Files.writeString(meta, validator.get());
            } else {
                Files.deleteIfExists(meta);
            }
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** Opens the part file to append after its first {@code offset} bytes, which {@code hash} is given first. */
    PartWriter append(long offset, PartHash hash) throws TransferStop {
        hashFirst(offset, hash);
        try {
            FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE);
            channel.truncate(offset).position(offset);
            return new PartWriter(channel, hash, offset, this);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** Hashes the part file's first {@code length} bytes into {@code hash}; returns it. */
    PartHash hashFirst(long length, PartHash hash) throws TransferStop {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(part)) {
            for (long left = length; left > 0; ) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new EOFException("it is shorter than " + length + " bytes");
                }
                hash.update(ByteBuffer.wrap(buffer, 0, n));
                left -= n;
            }
            return hash;
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** Removes the part file and its validator, best effort: a leftover is restarted or deleted later. */
    void discard() {
        try {
            Files.deleteIfExists(part);
            Files.deleteIfExists(meta);
        } catch (IOException e) {
            // the next attempt or Cancel/Complete deletes it again
        }
    }

    TransferStop failure(IOException e) {
        return Failures.localFile(e, part, name, fileIndex);
    }
}
