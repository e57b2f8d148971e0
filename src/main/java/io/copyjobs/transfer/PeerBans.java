package io.copyjobs.transfer;

import io.copyjobs.content.ContentId;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The peers this node no longer asks for a content: they sent a piece that failed its manifest,
 * or bytes that failed the whole-file check. Kept for the node's life, across its fetches of that
 * content (a later job's, a copy for COPYJOBS_CONTENT_COPIES): a corrupt copy does not heal by
 * itself, and a wrong ban costs origin bytes only, never a corrupt file.
 */
final class PeerBans {
    private final Map<ContentId, Set<String>> banned = new ConcurrentHashMap<>();

    void ban(ContentId id, Collection<String> nodes) {
        if (!nodes.isEmpty()) {
            banned.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).addAll(nodes);
        }
    }

    boolean banned(ContentId id, String node) {
        return banned.getOrDefault(id, Set.of()).contains(node);
    }
}
