package io.copyjobs.content;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Drops the content records of nodes that left the group for good (issue 17 review): holders not
 * in the group are skipped already, but their records would stay on the topic, and in every
 * node's memory, forever. A record's key has one writer at a time: its node while that node is in
 * the group, and, once it has been out of it for {@code COPYJOBS_CONTENT_DEPARTURE_GRACE} (30 s), the content's seeder (the one
 * live node holding the partition of {@code sha256:<hex>}, as {@link Fleet#seeder} says), which
 * alone writes that node's tombstone for that content. The seeder rather than the leader: the
 * group has no leader the nodes can name, and the seeder is already the one node per content the
 * fleet agrees on without asking. A node that comes back within or after the grace advertises
 * what it holds at start, and again on reading a tombstone of its own for a content it holds
 * ({@link ContentDirectory}), so a late tombstone costs it a moment's absence, never its copies.
 */
public final class Departures {

    private final ContentDirectory directory;
    private final ContentAdvertiser advertiser;
    private final Fleet fleet;
    /** Longer than a restart or a rebalance: a node out of the group this long has left. */
    private final Duration grace;
    /** When each node with records was first seen out of the group (nanoTime), while it stays out. */
    private final Map<String, Long> absentSince = new HashMap<>();

    public Departures(ContentDirectory directory, ContentAdvertiser advertiser, Fleet fleet, Duration grace) {
        this.directory = directory;
        this.grace = grace;
        this.advertiser = advertiser;
        this.fleet = fleet;
    }

    /** One look (from one thread, every few seconds): tombstones of departed nodes' records of the contents this node seeds. */
    public void sweep() {
        Set<String> live = fleet.live();
        long now = System.nanoTime();
        Map<String, Set<ContentId>> recorded = directory.byNode();
        absentSince.keySet().retainAll(recorded.keySet());
        for (Map.Entry<String, Set<ContentId>> node : recorded.entrySet()) {
            String name = node.getKey();
            if (live.contains(name) || name.equals(fleet.self())) {
                absentSince.remove(name);
                continue;
            }
            long since = absentSince.computeIfAbsent(name, n -> now);
            if (now - since < grace.toNanos()) {
                continue;
            }
            for (ContentId id : node.getValue()) {
                if (fleet.seeder(id).equals(Optional.of(fleet.self()))) {
                    advertiser.withdraw(id, name);
                }
            }
        }
    }
}
