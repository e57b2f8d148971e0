package io.copyjobs.streams;

import io.copyjobs.config.Config;
import io.copyjobs.kafka.KeyPartitions;
import io.copyjobs.kafka.Topic;
import io.copyjobs.kafka.Topics;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import static org.apache.kafka.streams.state.Stores.inMemoryKeyValueStore;
import static org.apache.kafka.streams.state.Stores.keyValueStoreBuilder;
import static org.apache.kafka.streams.state.Stores.persistentKeyValueStore;

/**
 * The processing topology of SPEC §6: the owner step on {@code owner-commands} and the job step
 * on {@code commands}, in one sub-topology over the two co-partitioned topics. The owner step hands
 * a create straight to the job step of the same task (the id it mints falls in the owner's
 * partition), so a create is one transaction; only updates for an owner of another partition
 * travel back on {@code owner-commands}. A plain function so that the node and
 * {@code TopologyTestDriver} tests build the same thing.
 */
public final class CopyJobsTopology {

    private CopyJobsTopology() {
    }

    public static Topology build(Topics topics, KeyPartitions partitions, Config.Steps settings) {
        return build(topics, partitions, settings, JobWatcher.NONE, new ActiveJobStores());
    }

    /**
     * The topology for topics of {@code partitions}, with the transfer engine told of the jobs it
     * must act on and the job steps' stores made known to GetJob as they open and close.
     */
    public static Topology build(Topics topics, KeyPartitions partitions, Config.Steps settings, JobWatcher watcher,
                                 ActiveJobStores active) {
        Topology t = new Topology();
        PromptCommits prompt = new PromptCommits(StreamsSettings.COMMIT_INTERVAL_MS);
        t.addSource(Names.OWNER_SOURCE, topics.ownerCommands.keySerde().deserializer(),
                topics.ownerCommands.valueSerde().deserializer(), topics.ownerCommands.name());
        t.addSource(Names.JOB_SOURCE, topics.commands.keySerde().deserializer(),
                topics.commands.valueSerde().deserializer(), topics.commands.name());
        t.addProcessor(Names.OWNER_STEP, () -> new OwnerStep(settings, partitions, prompt), Names.OWNER_SOURCE);
        t.addProcessor(Names.JOB_STEP, () -> new JobStep(settings, partitions, watcher, active, prompt),
                Names.JOB_SOURCE, Names.OWNER_STEP);

        t.addStateStore(store(Stores.OWNER_INDEX), Names.OWNER_STEP, Names.JOB_STEP);
        t.addStateStore(counter(Stores.OWNER_QUOTA), Names.OWNER_STEP, Names.JOB_STEP);
        t.addStateStore(store(Stores.CREATE_KEYS), Names.OWNER_STEP);
        t.addStateStore(store(Stores.OWNER_EXPIRY), Names.OWNER_STEP);
        t.addStateStore(store(Stores.JOBS), Names.JOB_STEP);
        t.addStateStore(store(Stores.JOB_KEYS), Names.JOB_STEP);
        t.addStateStore(store(Stores.JOB_EXPIRY), Names.JOB_STEP);
        t.addStateStore(counter(Stores.JOB_COUNTS), Names.JOB_STEP);
        t.addStateStore(small(Stores.JOB_WORK), Names.JOB_STEP);

        sink(t, Names.TO_COMMANDS, topics.commands, Names.OWNER_STEP);
        sink(t, Names.OUTCOMES, topics.outcomes, Names.OWNER_STEP, Names.JOB_STEP);
        sink(t, Names.TO_JOBS, topics.jobs, Names.JOB_STEP);
        sink(t, Names.TO_EVENTS, topics.jobEvents, Names.JOB_STEP);
        sink(t, Names.TO_OWNERS, topics.ownerCommands, Names.JOB_STEP);
        return t;
    }

    private static <K, V> StoreBuilder<KeyValueStore<K, V>> store(Topic<K, V> store) {
        return keyValueStoreBuilder(
                persistentKeyValueStore(store.name()),
                store.keySerde(), store.valueSerde());
    }

    /**
     * A store that stays small (a count per owner or state, the ids of jobs in transfer): kept in
     * memory and rebuilt from its changelog at start, which is cheaper than opening a RocksDB
     * instance for it in every task.
     */
    private static <K, V> StoreBuilder<KeyValueStore<K, V>> small(Topic<K, V> store) {
        return keyValueStoreBuilder(
                inMemoryKeyValueStore(store.name()),
                store.keySerde(), store.valueSerde());
    }

    /**
     * A small store of a few keys that change with nearly every record (a count per owner or
     * state): cached, so that its changelog gets each key's last value once per commit instead of
     * a record per change (bench/run.sh create counts what a create writes).
     */
    private static <K, V> StoreBuilder<KeyValueStore<K, V>> counter(Topic<K, V> store) {
        return small(store).withCachingEnabled();
    }

    private static <K, V> void sink(Topology t, String name, Topic<K, V> topic, String... parents) {
        t.addSink(name, topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer(), parents);
    }
}
