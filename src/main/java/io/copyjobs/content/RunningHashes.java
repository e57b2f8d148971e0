package io.copyjobs.content;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hashes of the bytes peers appended to each part file, taken as they were written, so that
 * the store's whole-file check of a content that came from peers need not read its file again
 * and hash it twice more (whole and pieces) after its last byte: on a 2-core node that was seconds
 * at the end of every peer's fetch of 256 MiB (bench/run.sh cache). A hash counts only for the
 * file as its last append left it (the same file, size and modification time) and only when it
 * covers every byte from 0 in order; anything else written there (the origin's download,
 * {@link #forget}) sends the check back to reading the whole file. The origin's download hashes
 * its writes the same way and tells of its hash as an append's when it closes the file
 * ({@link ContentStore#written}). A hash may only accept a file: one that is not the content is
 * read again to be judged.
 */
final class RunningHashes {
    /** What identifies the part file as the last append left it. */
    private record Stamp(Object fileKey, FileTime modified, long size) {
        static Optional<Stamp> of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return Optional.of(new Stamp(a.fileKey(), a.lastModifiedTime(), a.size()));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }

    private record Running(PieceHasher hasher, Stamp stamp) {
    }

    private final Map<ContentId, Running> running = new ConcurrentHashMap<>();

    /** The hash that stands for the part file when it is the content; else the part file read and hashed. */
    static PieceHasher orRead(Optional<PieceHasher> hashed, ContentId id, Path part) throws IOException {
        Optional<PieceHasher> sound = hashed.filter(h -> h.wholeHex().equals(id.hex()));
        return sound.isPresent() ? sound.get() : StoreLayout.hash(part);
    }

    /** The hasher an append from {@code offset} feeds, carrying on the one kept; null when the bytes before it were not hashed here. */
    PieceHasher appending(ContentId id, long offset) {
        Running kept = running.remove(id);
        return kept == null ? (offset == 0 ? new PieceHasher() : null) : kept.hasher().resumedAt(offset);
    }

    /** An append (or the origin's download) ended: its hasher (null: none) stands for {@code part} as it is now. */
    void appended(ContentId id, PieceHasher hasher, Path part) {
        Optional<Stamp> now = Stamp.of(part);
        if (hasher != null && now.isPresent() && now.get().size() == hasher.size()) {
            running.put(id, new Running(hasher, now.get()));
        } else {
            running.remove(id);
        }
    }

    /** The hash of all of {@code part}, when the appends made it and nothing changed it since; forgotten either way. */
    Optional<PieceHasher> take(ContentId id, Path part) {
        Running kept = running.remove(id);
        return kept != null && Stamp.of(part).equals(Optional.of(kept.stamp())) ? Optional.of(kept.hasher()) : Optional.empty();
    }

    /** Bytes of the part file are written or dropped by other means: the hashes kept no longer stand for them. */
    void forget(ContentId id) {
        running.remove(id);
    }
}
