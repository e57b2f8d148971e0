package io.copyjobs.streams;

import io.copyjobs.json.JobDocument;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The job store of each partition whose job step runs on this node, from the moment its processor
 * starts (after restoration) until it closes (the partition is revoked or the node stops).
 *
 * <p>GetJob reads through these rather than {@link org.apache.kafka.streams.KafkaStreams#store}:
 * Streams' own handle looks every task of the node up again on each read, which JFR showed as a
 * tenth of a GetJob's CPU. The store is the same one an interactive query reads, through the same
 * caching and metering layers, which take reads from other threads.
 */
public final class ActiveJobStores {
    private final Map<Integer, ReadOnlyKeyValueStore<String, JobDocument>> stores = new ConcurrentHashMap<>();

    void opened(int partition, ReadOnlyKeyValueStore<String, JobDocument> store) {
        stores.put(partition, store);
    }

    /** The running job step's store of {@code partition}, if this node runs it. */
    public Optional<ReadOnlyKeyValueStore<String, JobDocument>> of(int partition) {
        return Optional.ofNullable(stores.get(partition));
    }

    /**
     * Forgets a store: its processor closed, or a read found it closed (a task closed after a
     * failure may skip its processor's close). A newer store of the same partition stays.
     */
    public void forget(int partition, ReadOnlyKeyValueStore<String, JobDocument> store) {
        stores.remove(partition, store);
    }
}
