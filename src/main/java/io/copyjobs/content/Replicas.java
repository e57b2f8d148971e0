package io.copyjobs.content;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Which live nodes should hold a verified content so that losing one loses no byte
 * ({@code COPYJOBS_CONTENT_COPIES}): the first {@code copies} by rendezvous hashing of the content
 * and each node's name, so every node agrees without asking, and a node that leaves moves only its
 * own share to the next in line.
 */
public record Replicas(int copies) {

    /**
     * True when {@code self} should hold {@code id}, fewer than {@code copies} live nodes do, and
     * it fits in the {@code room} this node's cache has left: a copy that evicted another content
     * would make that one short of copies, fetched again, and so on without end.
     */
    public boolean wanted(ContentId id, String self, Set<String> live, List<ContentRecord> holders, long room) {
        List<ContentRecord> complete = holders.stream().filter(ContentRecord::complete).toList();
        if (complete.isEmpty() || complete.size() >= copies || complete.get(0).size() > room) {
            return false;
        }
        List<String> ranked = live.stream().sorted(Comparator.comparing((String node) -> score(id, node)).reversed()
                .thenComparing(Comparator.naturalOrder())).toList();
        return ranked.subList(0, Math.min(copies, ranked.size())).contains(self);
    }

    static String score(ContentId id, String node) {
        MessageDigest digest = PieceHasher.newDigest();
        digest.update((id.hex() + "/" + node).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }
}
