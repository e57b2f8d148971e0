package io.copyjobs.content;

import io.copyjobs.metrics.TransferMeters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * A node's cache of verified contents ({@code COPYJOBS_CACHE_DIR}): {@code <hex>} with its {@code <hex>.manifest} once
 * verified, {@code <hex>.part} (and the origin validator's {@code <hex>.part.meta}, and {@code <hex>.part.unchecked} where
 * peers' unchecked bytes begin) while it arrives. Bytes go into the part file in order, so its length up to any unchecked
 * bytes is what peers may read; it becomes {@code <hex>} only once its whole SHA-256 is the content's id.
 *
 * <p>A content a non-final job needs is pinned; beyond {@code maxBytes} the least recently used unpinned contents (finished
 * or not) are deleted ({@link Eviction}). The index is rebuilt from the directory at start ({@link StoreIndex}). Write
 * failures (a full disk) are the caller's IOExceptions to turn into job errors. The cache's size gauge follows every change
 * of what the store holds (a part file that grows from the origin shows at its start and once verified).
 */
public final class ContentStore {
    private static final Logger LOG = LoggerFactory.getLogger(ContentStore.class);
    /** Told when a content is verified and when one is deleted, so the fleet's directory can follow. */
    public interface Listener {
        void finished(StoredContent content);

        void removed(ContentId id);
    }

    private final StoreLayout layout;
    private final Listener listener;
    private final StoreIndex index;
    private final Pins pins = new Pins();
    private final Eviction eviction;
    private final RotCheck rot = new RotCheck(this::dropRotten);
    private final RunningHashes hashes = new RunningHashes();

    private ContentStore(StoreLayout layout, long maxBytes, Listener listener, TransferMeters meters) {
        this.layout = layout;
        this.listener = listener;
        this.index = StoreIndex.rebuild(layout);
        this.eviction = new Eviction(layout, index, pins, maxBytes, listener, meters);
    }

    /** The store in {@code dir}, made if absent, with the contents a previous run verified (and their size on the gauge). */
    public static ContentStore open(Path dir, long maxBytes, Listener listener, TransferMeters meters) throws IOException {
        Files.createDirectories(dir);
        ContentStore store = new ContentStore(new StoreLayout(dir), maxBytes, listener, meters);
        store.eviction.measure();
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
    public Optional<StoredContent> complete(ContentId id) {
        return index.use(id);
    }

    /** True when the verified content is held; no use, unlike {@link #complete}: a look every 2 s would undo the LRU. */
    public boolean verified(ContentId id) {
        return index.peek(id).isPresent();
    }

    /** The contents held verified. */
    public List<StoredContent> all() {
        return index.all();
    }

    /** The contiguous bytes held from the start: the whole content, or its part file so far. */
    public long available(ContentId id) {
        Optional<StoredContent> done = index.peek(id);
        return done.isPresent() ? done.get().size() : StoreLayout.sizeOf(layout.part(id));
    }

    /**
     * The bytes this node may serve and advertise: the verified content, or its part file's up to the first a peer sent
     * unchecked (a holder still downloading must not relay what a bad peer sent it before any manifest existed).
     */
    public long servable(ContentId id) {
        Optional<StoredContent> done = index.peek(id);
        return done.isPresent() ? done.get().size() : Math.min(StoreLayout.sizeOf(layout.part(id)), layout.readUnchecked(id));
    }

    /** True when the part file holds bytes from a peer that no manifest checked. */
    public boolean unchecked(ContentId id) {
        return layout.readUnchecked(id) < Long.MAX_VALUE;
    }

    /** The part file's bytes from {@code from} on came (or come) from a peer, unchecked: not served until verified whole. */
    public void markUnchecked(ContentId id, long from) throws IOException {
        if (layout.readUnchecked(id) > from) {
            layout.writeUnchecked(id, from);
        }
    }

    /** The origin download started the part file again from byte 0: no byte of it came from a peer, nor is hashed yet. */
    public void restartedFromOrigin(ContentId id) {
        hashes.forget(id);
        StoreLayout.deleteQuietly(layout.unchecked(id));
    }

    /** True when any byte of {@code id} is here, verified or not. */
    public boolean holds(ContentId id) {
        synchronized (index) {
            return index.peek(id).isPresent() || Files.exists(layout.part(id));
        }
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
        if (layout.readUnchecked(id) >= offset) {
            StoreLayout.deleteQuietly(layout.unchecked(id));
        }
        if (offset == 0) {
            eviction.evict();
        }
        return new ContentAppender(channel, offset, hashes.appending(id, offset), h -> hashes.appended(id, h, layout.part(id)));
    }

    /** The origin's download has written the part file, hashed from byte 0 as it wrote: {@link #finish} takes that hash. */
    public void written(ContentId id, PieceHasher hasher) {
        hashes.appended(id, hasher, layout.part(id));
    }

    /**
     * Verifies the part file: when its SHA-256 is the id, it becomes the content, with its manifest beside it (written
     * first, so a content file never lacks one); when not, it is deleted. The hash its writers took (peers' appends, the
     * origin's download) spares a read while the file is as they left it ({@link RunningHashes}).
     */
    public Optional<StoredContent> finish(ContentId id) throws IOException {
        PieceHasher hasher = RunningHashes.orRead(hashes.take(id, layout.part(id)), id, layout.part(id));
        if (!hasher.wholeHex().equals(id.hex())) {
            discard(id);
            return Optional.empty();
        }
        PieceManifest manifest = hasher.manifest();
        Files.writeString(layout.manifest(id), manifest.text());
        StoredContent content = new StoredContent(id, layout.content(id), manifest.size(), manifest);
        synchronized (index) {
            // With the index, so that holds() never sees the bytes in neither place.
            Files.move(layout.part(id), layout.content(id), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            index.put(content, System.currentTimeMillis());
        }
        StoreLayout.deleteQuietly(layout.meta(id), layout.unchecked(id));
        rot.verified(content);
        // Jobs get hard links to it: read-only, so that a write through one fails rather than corrupting every copy.
        layout.content(id).toFile().setWritable(false, false);
        listener.finished(content);
        eviction.evict();
        return Optional.of(content);
    }

    /** Deletes a content's unverified bytes, best effort: a leftover is restarted or evicted later. */
    public void discard(ContentId id) {
        hashes.forget(id);
        StoreLayout.deleteQuietly(layout.partFiles(id));
        listener.removed(id);
        eviction.measure();
    }

    /**
     * Opens what a peer may read of {@code id} ({@link #servable}). A verified content whose file is
     * no longer it (rot, checked by {@link RotCheck}) is deleted instead, and no longer advertised;
     * while that check runs longer than a serve may wait, the answer is {@link PeerRead.Busy}.
     */
    public PeerRead read(ContentId id) {
        Optional<StoredContent> done = complete(id);
        RotCheck.Verdict verdict = done.map(rot::check).orElse(RotCheck.Verdict.SOUND);
        if (verdict != RotCheck.Verdict.SOUND) {
            return verdict == RotCheck.Verdict.CHECKING ? new PeerRead.Busy() : new PeerRead.Absent();
        }
        Path path = done.map(StoredContent::path).orElse(layout.part(id));
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            long length = done.isPresent() ? channel.size() : Math.min(channel.size(), layout.readUnchecked(id));
            return new PeerRead.Open(channel, length);
        } catch (IOException e) {
            return new PeerRead.Absent();
        }
    }

    private void dropRotten(StoredContent content) {
        LOG.warn("content {}: its file here is no longer it (the disk changed it); deleted, not served", content.id());
        synchronized (index) {
            index.remove(content.id());
            StoreLayout.deleteQuietly(layout.content(content.id()), layout.manifest(content.id()));
        }
        rot.forget(content.id());
        listener.removed(content.id());
        eviction.measure();
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
        return eviction.usedBytes();
    }

    /** The bytes the store can take before it evicts (negative once over {@code maxBytes}). */
    public long room() {
        return eviction.room();
    }
}
