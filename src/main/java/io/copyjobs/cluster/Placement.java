package io.copyjobs.cluster;

import io.copyjobs.kafka.KeyPartitions;
import io.copyjobs.kafka.Topics;
import io.copyjobs.streams.Stores;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.state.HostInfo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where keys live in the fleet, from Kafka Streams' metadata: which node holds a job's or an
 * owner's partition as active, which hold standby replicas, and which partitions this node
 * serves. Never null: an unknown placement is {@link Location#unknown()}.
 */
public final class Placement implements Locator {
    private final KafkaStreams streams;
    private final HostInfo self;
    private final Topics topics;
    private final KeyPartitions partitions;
    private final Map<String, Memo> memos = new ConcurrentHashMap<>();
    static final long MEMO_TTL_MS = 2_000;

    public Placement(KafkaStreams streams, HostInfo self, Topics topics, KeyPartitions partitions) {
        this.streams = streams;
        this.self = self;
        this.topics = topics;
        this.partitions = partitions;
    }

    /**
     * The nodes that can answer for a key: the active first, then the standbys. Empty while
     * the group rebalances ({@link KeyQueryMetadata#NOT_AVAILABLE}).
     */
    public record Location(List<HostInfo> hosts, int partition) {
        static Location unknown() {
            return new Location(List.of(), -1);
        }

        public boolean known() {
            return !hosts.isEmpty();
        }
    }

    /**
     * The partition of a key, as Kafka's default partitioner places it: known even while the
     * group rebalances and the metadata is not.
     */
    public int partitionOf(String key) {
        return partitions.of(key);
    }

    @Override
    public int partitionCount() {
        return partitions.count();
    }

    /** {@code host:port}, as nodes name each other. */
    public static String name(HostInfo host) {
        return host.host() + ":" + host.port();
    }

    @Override
    public HostInfo self() {
        return self;
    }

    @Override
    public Location ofJob(String jobId) {
        return locate(Stores.JOBS.name(), jobId);
    }

    @Override
    public Location ofOwner(String owner) {
        return locate(Stores.OWNER_INDEX.name(), owner);
    }

    /**
     * Where the partition of {@code key} lives, from a per-partition memo: Streams' metadata only
     * changes with a rebalance, and asking it builds sets of tasks on every call, a cost a GetJob
     * should not pay. The memo is dropped whenever the Streams state changes ({@link #forget()})
     * and after {@link #MEMO_TTL_MS} anyway; a stale entry costs one failed read and a fresh look.
     */
    private Location locate(String store, String key) {
        int partition = partitionOf(key);
        Memo memo = memos.computeIfAbsent(store, s -> new Memo(new Location[partitions.count()], new long[partitions.count()]));
        long now = System.currentTimeMillis();
        Location known = memo.locations()[partition];
        if (known != null && now - memo.at()[partition] < MEMO_TTL_MS) {
            return known;
        }
        Location fresh = lookUp(store, key);
        if (fresh.known()) {
            memo.locations()[partition] = fresh;
            memo.at()[partition] = now;
        }
        return fresh;
    }

    /** Drops every memoized location: called when the Streams state changes (a rebalance begins or ends). */
    public void forget() {
        memos.clear();
    }

    private record Memo(Location[] locations, long[] at) {
    }

    private Location lookUp(String store, String key) {
        KeyQueryMetadata md;
        try {
            md = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        } catch (IllegalStateException notRunning) {
            return Location.unknown();
        }
        if (md == null || md.equals(KeyQueryMetadata.NOT_AVAILABLE) || md.activeHost() == null
                || md.activeHost().equals(HostInfo.unavailable())) {
            return Location.unknown();
        }
        List<HostInfo> hosts = new ArrayList<>();
        hosts.add(md.activeHost());
        md.standbyHosts().stream().filter(h -> !h.equals(md.activeHost())).forEach(hosts::add);
        return new Location(hosts, md.partition());
    }

    @Override
    public Set<HostInfo> allHosts() {
        Set<HostInfo> hosts = new TreeSet<>(Comparator.comparing(Placement::name));
        hosts.add(self);
        try {
            streams.metadataForAllStreamsClients().forEach(m -> hosts.add(m.hostInfo()));
        } catch (IllegalStateException notRunning) {
            // only this node is known
        }
        return hosts;
    }

    /** The owner-step partitions this node serves as active: its share of an all-users list. */
    public Set<Integer> activeOwnerPartitions() {
        return activePartitions(topics.ownerCommands.name());
    }

    /** The job-step partitions this node serves as active. */
    public Set<Integer> activeJobPartitions() {
        return activePartitions(topics.commands.name());
    }

    private Set<Integer> activePartitions(String topic) {
        Set<Integer> partitions = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                for (TopicPartition tp : task.topicPartitions()) {
                    if (tp.topic().equals(topic)) {
                        partitions.add(tp.partition());
                    }
                }
            }
        }
        return partitions;
    }

    /** Every node with the partitions it holds as active and as standby, for GET /v1/cluster. */
    public Collection<StreamsMetadata> members() {
        return streams.metadataForAllStreamsClients();
    }
}
