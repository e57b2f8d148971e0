package io.copyjobs.cluster;

import io.copyjobs.job.Job;
import io.copyjobs.job.JobId;
import io.copyjobs.service.JobReader;
import io.copyjobs.streams.Stores;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.Optional;

/**
 * Reads jobs from this node's job-step store (an interactive query) in the partition that holds
 * the key: the active copy, or a standby replica marked as such with its lag.
 */
public final class StreamsJobReader implements JobReader {
    private final KafkaStreams streams;
    private final Placement placement;
    private final StandbyLags lags;

    public StreamsJobReader(KafkaStreams streams, Placement placement, StandbyLags lags) {
        this.streams = streams;
        this.placement = placement;
        this.lags = lags;
    }

    @Override
    public Optional<StoredJob> find(JobId id, boolean allowStandby) {
        Placement.LocalCopy copy = placement.localCopy(placement.ofJob(id.toString()), allowStandby, "job " + id);
        StoreQueryParameters<ReadOnlyKeyValueStore<String, Job>> query = StoreQueryParameters
                .fromNameAndType(Stores.JOBS.name(), QueryableStoreTypes.<String, Job>keyValueStore())
                .withPartition(copy.partition());
        try {
            ReadOnlyKeyValueStore<String, Job> store = streams.store(copy.standby() ? query.enableStaleStores() : query);
            long lag = copy.standby() ? lags.lag(Stores.JOBS.name(), copy.partition()) : 0;
            return Optional.ofNullable(store.get(id.toString())).map(job -> new StoredJob(job, copy.standby(), lag));
        } catch (InvalidStateStoreException e) {
            throw new StoreUnavailableException(e.getMessage(), e);
        }
    }
}
