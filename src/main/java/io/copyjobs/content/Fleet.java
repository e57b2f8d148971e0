package io.copyjobs.content;

import io.copyjobs.cluster.Locator;
import io.copyjobs.cluster.Placement;

import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Which nodes take part in sharing contents, from Kafka Streams' metadata: the live members of
 * the group, and each content's seeder. Bound to the node's {@link Locator} once Streams exists
 * (the transfer engine is built before it); until then only this node is known and no content
 * has a seeder. Nodes whose transfers are off are in the group but hold, seed and copy nothing:
 * they say so on the content topic ({@link ContentAdvertiser#announce}), and are left out.
 */
public final class Fleet {
    private final String self;
    private final Set<String> transfersOff = ConcurrentHashMap.newKeySet();
    private volatile Locator locator;

    public Fleet(String self) {
        this.self = self;
    }

    public void bind(Locator locator) {
        this.locator = locator;
    }

    public String self() {
        return self;
    }

    /** The nodes in the Streams group now: a holder that left it is skipped. */
    public Set<String> live() {
        Locator l = locator;
        return l == null ? Set.of(self) : l.allHosts().stream().map(Placement::name).collect(Collectors.toSet());
    }

    /** What the content topic says of {@code node}: its transfers are off, or (again) on. */
    void transfersOff(String node, boolean off) {
        if (off) {
            transfersOff.add(node);
        } else {
            transfersOff.remove(node);
        }
    }

    /** The live nodes that transfer: those that may hold, seed or copy a content. */
    public Set<String> sharing() {
        return live().stream().filter(n -> !transfersOff.contains(n)).collect(Collectors.toSet());
    }

    /**
     * The node that fetches {@code id} from the origin for the fleet: the one holding the active
     * task of the commands-topic partition of {@code sha256:<hex>}. The group gives that partition
     * to exactly one live node at a time, and to another when that node dies, so single flight
     * needs no lock service. When that node's transfers are off (it would refuse), the first live
     * node that transfers in the rendezvous ranking of {@link Replicas}: one node still, by a rule
     * every node applies alike. Empty while the group rebalances.
     */
    public Optional<String> seeder(ContentId id) {
        Locator l = locator;
        if (l == null) {
            return Optional.empty();
        }
        // The job store is partitioned as the commands topic: its metadata for a key is that partition's.
        Placement.Location where = l.ofJob(id.key());
        if (!where.known()) {
            return Optional.empty();
        }
        String owner = Placement.name(where.hosts().get(0));
        if (!transfersOff.contains(owner)) {
            return Optional.of(owner);
        }
        return sharing().stream().min(Comparator.comparing((String n) -> Replicas.score(id, n)).reversed()
                .thenComparing(Comparator.naturalOrder()));
    }
}
