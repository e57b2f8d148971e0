package io.copyjobs.content;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The verified contents of a {@link ContentStore}, each with when it was last used (the order of
 * eviction), rebuilt from the store's directory at start. Its monitor also guards the store's
 * steps that must look atomic with it: a part file becoming a content, an eviction's delete.
 */
final class StoreIndex {
    /** A verified content and when it was last used, in milliseconds. */
    record Entry(StoredContent content, long lastUsed) {
    }

    private final Map<ContentId, Entry> entries = new HashMap<>();

    /** The content, if held; counts as a use. */
    synchronized Optional<StoredContent> use(ContentId id) {
        Entry e = entries.get(id);
        if (e == null) {
            return Optional.empty();
        }
        entries.put(id, new Entry(e.content(), System.currentTimeMillis()));
        return Optional.of(e.content());
    }

    /** The content, if held, without counting a use. */
    synchronized Optional<StoredContent> peek(ContentId id) {
        return Optional.ofNullable(entries.get(id)).map(Entry::content);
    }

    synchronized List<StoredContent> all() {
        return entries.values().stream().map(Entry::content).toList();
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    synchronized void put(StoredContent content, long lastUsed) {
        entries.put(content.id(), new Entry(content, lastUsed));
    }

    synchronized void remove(ContentId id) {
        entries.remove(id);
    }

    /** The index of {@code layout}'s directory: a content counts only with its manifest (written first); a manifest alone is dropped. */
    static StoreIndex rebuild(StoreLayout layout) {
        StoreIndex index = new StoreIndex();
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
                index.put(new StoredContent(id.get(), file, m.get().size(), m.get()), StoreLayout.lastModified(file));
            }
        }
        return index;
    }
}
