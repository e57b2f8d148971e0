package io.copyjobs.cluster;

import io.copyjobs.job.JobId;
import io.copyjobs.json.JobDocument;
import io.copyjobs.service.JobReader;
import io.copyjobs.streams.ActiveJobStores;
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
    private final ActiveJobStores active;
    private final Placement placement;
    private final StandbyLags lags;

    public StreamsJobReader(KafkaStreams streams, ActiveJobStores active, Placement placement, StandbyLags lags) {
        this.streams = streams;
        this.active = active;
        this.placement = placement;
        this.lags = lags;
    }

    /** The running job step's own store when there is one; else Streams' handle (which checks and throws). */
    private ReadOnlyKeyValueStore<String, JobDocument> activeStore(
            int partition, StoreQueryParameters<ReadOnlyKeyValueStore<String, JobDocument>> query) {
        return active.of(partition).orElseGet(() -> streams.store(query));
    }

    @Override
    public Optional<StoredJob> find(JobId id, boolean allowStale) {
        String key = id.toString();
        Placement.Location where = placement.ofJob(key);
        int partition = where.known() ? where.partition() : placement.partitionOf(key);
        StoreQueryParameters<ReadOnlyKeyValueStore<String, JobDocument>> query = StoreQueryParameters
                .fromNameAndType(Stores.JOBS.name(), QueryableStoreTypes.<String, JobDocument>keyValueStore())
                .withPartition(partition);
        if (placement.activeHere(where)) {
            ReadOnlyKeyValueStore<String, JobDocument> store = null;
            try {
                store = activeStore(partition, query);
                return Optional.ofNullable(store.get(key)).map(job -> new StoredJob(job, false, 0));
            } catch (InvalidStateStoreException restoringOrMoved) {
                if (store != null) {
                    active.forget(partition, store);
                }
                if (!allowStale) {
                    throw new StoreUnavailableException(restoringOrMoved.getMessage(), restoringOrMoved);
                }
            }
        } else if (!allowStale) {
            throw new StoreUnavailableException("this node does not hold job " + id + " as active", null);
        }
        // A standby replica, or an active copy still restoring: the newest this node has, marked stale.
        JobDocument job;
        try {
            job = streams.store(query.enableStaleStores()).get(key);
        } catch (InvalidStateStoreException e) {
            throw new StoreUnavailableException(e.getMessage(), e);
        }
        long lag = lags.lag(Stores.JOBS.name(), partition);
        if (job == null && lag != 0) {
            // A replica still catching up (a standby just assigned, say) does not know every job:
            // its "not found" would be a lie, so let a better copy answer.
            throw new StoreUnavailableException("this node's copy of job " + id + "'s partition is catching up", null);
        }
        return Optional.ofNullable(job).map(j -> new StoredJob(j, true, lag));
    }
}
