package io.copyjobs.content;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node's cache of verified contents ({@code COPYJOBS_CACHE_DIR}): {@code <hex>} with its
 * {@code <hex>.manifest} once verified, {@code <hex>.part} (and the origin validator's
 * {@code <hex>.part.meta}) while it arrives. Bytes go into the part file in order, so its length
 * is what peers may read; it becomes {@code <hex>} only once its whole SHA-256 is the content's id.
 *
 * <p>A content a non-final job needs is pinned; beyond {@code maxBytes} the least recently used
 * unpinned contents (finished or not) are deleted. The index is rebuilt from the directory at
 * start. Write failures (a full disk) are the caller's IOExceptions to turn into job errors.
 */
public final class ContentStore {
    /** Told when a content is verified and when one is deleted, so the fleet's directory can follow. */
    public interface Listener {
        void finished(StoredContent content);

        void removed(ContentId id);
    }

    private record Entry(StoredContent content, long lastUsed) {
    }

    private final StoreLayout layout;
    private final long maxBytes;
    private final Listener listener;
    private final Map<ContentId, Entry> complete = new HashMap<>();
    private final Pins pins = new Pins();

    private ContentStore(Path dir, long maxBytes, Listener listener) {
        this.layout = new StoreLayout(dir);
        this.maxBytes = maxBytes;
        this.listener = listener;
    }

    /** The store in {@code dir}, made if absent, with the contents a previous run verified. */
    public static ContentStore open(Path dir, long maxBytes, Listener listener) throws IOException {
        Files.createDirectories(dir);
        ContentStore store = new ContentStore(dir, maxBytes, listener);
        store.rebuild();
        return store;
    }

    /** The directory whose {@code <hex>.part} a download writes (see {@link #partName}). */
    public Path directory() {
        return layout.dir();
    }

    /** The local name of a content's bytes in {@link #directory()}: its hex. */
    public static String partName(ContentId id) {
        return id.hex();
    }

    /** The verified content, if held; counts as a use. */
    public synchronized Optional<StoredContent> complete(ContentId id) {
        Entry e = complete.get(id);
        if (e == null) {
            return Optional.empty();
        }
        complete.put(id, new Entry(e.content(), System.currentTimeMillis()));
        return Optional.of(e.content());
    }

    /** True when the verified content is held; no use, unlike {@link #complete}: a look every 2 s would undo the LRU. */
    public boolean verified(ContentId id) {
        return peek(id).isPresent();
    }

    /** The contents held verified. */
    public synchronized List<StoredContent> all() {
        return complete.values().stream().map(Entry::content).toList();
    }

    /** The contiguous bytes held from the start: the whole content, or its part file so far. */
    public long available(ContentId id) {
        Optional<StoredContent> done = peek(id);
        return done.isPresent() ? done.get().size() : StoreLayout.sizeOf(layout.part(id));
    }

    /** True when any byte of {@code id} is here, verified or not. */
    public synchronized boolean holds(ContentId id) {
        return peek(id).isPresent() || Files.exists(layout.part(id));
    }

    /** The origin's validator recorded with the part file's bytes (by the origin download), if any. */
    public Optional<String> validator(ContentId id) {
        return layout.readMeta(id);
    }

    /** Records the validator a peer's bytes came with, so that the origin download resumes after them. */
    public void adoptValidator(ContentId id, String validator) throws IOException {
        layout.writeMeta(id, validator);
    }

    /** Opens the part file to write after its first {@code offset} bytes (dropping any beyond). */
    public ContentAppender append(ContentId id, long offset) throws IOException {
        FileChannel channel = FileChannel.open(layout.part(id), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.truncate(offset);
        if (offset == 0) {
            evict();
        }
        return new ContentAppender(channel, offset);
    }

    /**
     * Verifies the part file: when its SHA-256 is the id, it becomes the content, with its manifest
     * beside it (written first, so a content file never lacks one); when not, it is deleted.
     */
    public Optional<StoredContent> finish(ContentId id) throws IOException {
        PieceHasher hasher = StoreLayout.hash(layout.part(id));
        if (!hasher.wholeHex().equals(id.hex())) {
            discard(id);
            return Optional.empty();
        }
        PieceManifest manifest = hasher.manifest();
        Files.writeString(layout.manifest(id), manifest.text());
        StoredContent content = new StoredContent(id, layout.content(id), manifest.size(), manifest);
        synchronized (this) {
            // With the index, so that holds() never sees the bytes in neither place.
            Files.move(layout.part(id), layout.content(id), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            complete.put(id, new Entry(content, System.currentTimeMillis()));
        }
        Files.deleteIfExists(layout.meta(id));
        // Jobs get hard links to it: read-only, so that a write through one fails rather than corrupting every copy.
        layout.content(id).toFile().setWritable(false, false);
        listener.finished(content);
        evict();
        return Optional.of(content);
    }

    /** Deletes a content's unverified bytes, best effort: a leftover is restarted or evicted later. */
    public void discard(ContentId id) {
        StoreLayout.deleteQuietly(layout.part(id), layout.meta(id));
        listener.removed(id);
    }

    /** Opens the bytes held for reading: the verified file, or the part file as far as it goes now. */
    public Optional<FileChannel> read(ContentId id) {
        Path path = complete(id).map(StoredContent::path).orElse(layout.part(id));
        try {
            return Optional.of(FileChannel.open(path, StandardOpenOption.READ));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Keeps {@code id} from eviction until {@code by} (a job) releases it. */
    public void pin(ContentId id, String by) {
        pins.pin(id, by);
    }

    /** Lets go of every content {@code by} pinned. */
    public void release(String by) {
        pins.release(by);
    }

    /** The bytes the store takes on disk: verified contents and part files. */
    public long usedBytes() {
        return candidates().stream().mapToLong(Candidate::size).sum();
    }

    /** The bytes the store can take before it evicts (negative once over {@code maxBytes}). */
    public long room() {
        return maxBytes - usedBytes();
    }

    /** Deletes the least recently used unpinned contents until the store fits {@code maxBytes}. */
    void evict() {
        List<Candidate> all = new ArrayList<>(candidates());
        long used = all.stream().mapToLong(Candidate::size).sum();
        all.sort(Comparator.comparingLong(Candidate::lastUsed));
        for (Candidate c : all) {
            if (used <= maxBytes) {
                return;
            }
            if (remove(c)) {
                used -= c.size();
            }
        }
    }

    private record Candidate(ContentId id, boolean complete, long size, long lastUsed) {
    }

    private synchronized boolean remove(Candidate c) {
        if (pins.pinned(c.id())) {
            return false;
        }
        if (c.complete()) {
            complete.remove(c.id());
            StoreLayout.deleteQuietly(layout.content(c.id()), layout.manifest(c.id()));
        } else {
            StoreLayout.deleteQuietly(layout.part(c.id()), layout.meta(c.id()));
        }
        listener.removed(c.id());
        return true;
    }

    private List<Candidate> candidates() {
        List<Candidate> found = new ArrayList<>();
        synchronized (this) {
            complete.values().forEach(e -> found.add(new Candidate(e.content().id(), true, e.content().size(), e.lastUsed())));
        }
        for (Path p : layout.list()) {
            StoreLayout.ofPart(p).ifPresent(i -> found.add(new Candidate(i, false, StoreLayout.sizeOf(p),
                    StoreLayout.lastModified(p))));
        }
        return found;
    }

    /** Rebuilds the index: a content counts only with its manifest (written first); a manifest alone is dropped. */
    private void rebuild() {
        for (Path p : layout.list()) {
            String name = p.getFileName().toString();
            Optional<ContentId> id = ContentId.parse(name.endsWith(StoreLayout.MANIFEST)
                    ? name.substring(0, name.length() - StoreLayout.MANIFEST.length()) : name);
            if (id.isEmpty() || Files.exists(layout.part(id.get())) && !Files.exists(layout.content(id.get()))) {
                continue;
            }
            Path file = layout.content(id.get());
            Optional<PieceManifest> m = layout.readManifest(id.get(), StoreLayout.sizeOf(file));
            if (m.isEmpty() || !Files.exists(file)) {
                StoreLayout.deleteQuietly(file, layout.manifest(id.get()));
            } else {
                complete.put(id.get(), new Entry(new StoredContent(id.get(), file, m.get().size(), m.get()),
                        StoreLayout.lastModified(file)));
            }
        }
    }

    private synchronized Optional<StoredContent> peek(ContentId id) {
        return Optional.ofNullable(complete.get(id)).map(Entry::content);
    }
}
