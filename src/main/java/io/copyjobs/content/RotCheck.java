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
 * Whether a verified content's file still is the content, before the store serves it to a peer:
 * peers would catch rotten bytes by their pieces' hashes, but the holder would go on serving
 * (and advertising) them. The file is hashed again on its first serve after the node starts and
 * whenever it is not the file last verified (another file key or modification time: replaced or
 * written to); a stat per serve otherwise, not a read of the whole file. One hash per content at a
 * time: serves that arrive while it runs wait for its verdict rather than read the file again.
 */
final class RotCheck {
    /** How a file's bytes are hashed (a seam for the test that counts hashes). */
    interface Hash {
        String wholeHex(Path file) throws IOException;
    }

    /** What identifies the file as the one whose bytes were hashed. */
    private record Seen(Object fileKey, FileTime modified, long size) {
    }

    private final Map<ContentId, Seen> sound = new ConcurrentHashMap<>();
    /** The lock of each content's hash, so that two first serves hash it once. */
    private final Map<ContentId, Object> hashing = new ConcurrentHashMap<>();
    private final Hash hash;

    RotCheck() {
        this(file -> StoreLayout.hash(file).wholeHex());
    }

    RotCheck(Hash hash) {
        this.hash = hash;
    }

    /** The file was just verified (by the store's finish). */
    void verified(StoredContent content) {
        seen(content.path()).ifPresentOrElse(s -> sound.put(content.id(), s), () -> sound.remove(content.id()));
    }

    /** True when the file is the content: as last verified, or hashed again now and found to be. */
    boolean sound(StoredContent content) {
        Optional<Seen> now = seen(content.path());
        if (now.isEmpty()) {
            return false;
        }
        if (now.get().equals(sound.get(content.id()))) {
            return true;
        }
        synchronized (hashing.computeIfAbsent(content.id(), k -> new Object())) {
            return now.get().equals(sound.get(content.id())) || hashed(content, now.get());
        }
    }

    private boolean hashed(StoredContent content, Seen now) {
        try {
            if (now.size() == content.size() && hash.wholeHex(content.path()).equals(content.id().hex())) {
                sound.put(content.id(), now);
                return true;
            }
        } catch (IOException e) {
            // unreadable: not served
        }
        sound.remove(content.id());
        return false;
    }

    void forget(ContentId id) {
        sound.remove(id);
        hashing.remove(id);
    }

    private static Optional<Seen> seen(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return Optional.of(new Seen(a.fileKey(), a.lastModifiedTime(), a.size()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
