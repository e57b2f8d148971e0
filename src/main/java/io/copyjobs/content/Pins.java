package io.copyjobs.content;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Which contents which jobs (or seeds) still need: a pinned content is never evicted. */
final class Pins {
    private final Map<ContentId, Set<String>> byContent = new HashMap<>();

    synchronized void pin(ContentId id, String by) {
        byContent.computeIfAbsent(id, k -> new HashSet<>()).add(by);
    }

    synchronized void release(String by) {
        byContent.values().forEach(holders -> holders.remove(by));
        byContent.values().removeIf(Set::isEmpty);
    }

    synchronized boolean pinned(ContentId id) {
        return byContent.containsKey(id);
    }
}
