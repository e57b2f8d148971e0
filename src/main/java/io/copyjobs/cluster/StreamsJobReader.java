package io.copyjobs.cluster;

import io.copyjobs.job.Job;
import io.copyjobs.job.JobId;
import io.copyjobs.service.JobReader;
import io.copyjobs.streams.Stores;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.Optional;

/**
 * Reads jobs from this node's job-step store (an interactive query), from the partition that
 * holds the key.
 */
public final class StreamsJobReader implements JobReader {
    private final KafkaStreams streams;

    public StreamsJobReader(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public Optional<StoredJob> find(JobId id) {
        String key = id.toString();
        KeyQueryMetadata md;
        try {
            md = streams.queryMetadataForKey(Stores.JOBS.name(), key, Serdes.String().serializer());
        } catch (IllegalStateException e) {
            throw new StoreUnavailableException("Kafka Streams is not running", e);
        }
        if (md == null || md.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new StoreUnavailableException("no node holds the partition of this key yet", null);
        }
        try {
            ReadOnlyKeyValueStore<String, Job> store = streams.store(StoreQueryParameters
                    .fromNameAndType(Stores.JOBS.name(), QueryableStoreTypes.<String, Job>keyValueStore())
                    .withPartition(md.partition()));
            return Optional.ofNullable(store.get(key)).map(job -> new StoredJob(job, false, 0));
        } catch (InvalidStateStoreException e) {
            throw new StoreUnavailableException(e.getMessage(), e);
        }
    }
}
