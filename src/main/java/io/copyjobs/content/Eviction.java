package io.copyjobs.content;

import io.copyjobs.metrics.TransferMeters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps a {@link ContentStore} within {@code COPYJOBS_CACHE_MAX_BYTES}: deletes the least recently
 * used contents that no job or seed has pinned, verified ones and part files alike, counts each
 * on {@code copyjobs_cache_evictions_total}, and sets {@code copyjobs_cache_bytes} to what is left.
 */
final class Eviction {
    private record Candidate(ContentId id, boolean complete, long size, long lastUsed) {
    }

    private final StoreLayout layout;
    private final StoreIndex index;
    private final Pins pins;
    private final long maxBytes;
    private final ContentStore.Listener listener;
    private final TransferMeters meters;

    Eviction(StoreLayout layout, StoreIndex index, Pins pins, long maxBytes, ContentStore.Listener listener,
             TransferMeters meters) {
        this.layout = layout;
        this.index = index;
        this.pins = pins;
        this.maxBytes = maxBytes;
        this.listener = listener;
        this.meters = meters;
    }

    /** The bytes the store can take before it evicts (negative once over {@code maxBytes}). */
    long room() {
        return maxBytes - usedBytes();
    }

    /** The bytes the store takes on disk: verified contents and part files. */
    long usedBytes() {
        return candidates().stream().mapToLong(Candidate::size).sum();
    }

    /** Sets the size gauge to what the store takes now. */
    void measure() {
        meters.cacheBytes(usedBytes());
    }

    /** Deletes the least recently used unpinned contents until the store fits, and sets the size gauge. */
    void evict() {
        List<Candidate> all = new ArrayList<>(candidates());
        long used = all.stream().mapToLong(Candidate::size).sum();
        all.sort(Comparator.comparingLong(Candidate::lastUsed));
        for (Candidate c : all) {
            if (used <= maxBytes) {
                break;
            }
            if (remove(c)) {
                meters.cacheEvicted();
                used -= c.size();
            }
        }
        meters.cacheBytes(used);
    }

    private boolean remove(Candidate c) {
        synchronized (index) {
            if (pins.pinned(c.id())) {
                return false;
            }
            if (c.complete()) {
                index.remove(c.id());
                StoreLayout.deleteQuietly(layout.content(c.id()), layout.manifest(c.id()));
            } else {
                StoreLayout.deleteQuietly(layout.partFiles(c.id()));
            }
        }
        listener.removed(c.id());
        return true;
    }

    private List<Candidate> candidates() {
        List<Candidate> found = new ArrayList<>();
        index.entries().forEach(e -> found.add(new Candidate(e.content().id(), true, e.content().size(), e.lastUsed())));
        for (Path p : layout.list()) {
            StoreLayout.ofPart(p).ifPresent(i -> found.add(new Candidate(i, false, StoreLayout.sizeOf(p),
                    StoreLayout.lastModified(p))));
        }
        return found;
    }
}
