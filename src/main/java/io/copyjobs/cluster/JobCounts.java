package io.copyjobs.cluster;

import io.copyjobs.job.JobState;
import io.copyjobs.streams.Stores;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * Jobs per state in the partitions this node holds as active, from the counts the job step keeps
 * as jobs change: a few key lookups per scrape, never a scan of the jobs.
 */
public final class JobCounts {
    private final KafkaStreams streams;
    private final Placement placement;

    public JobCounts(KafkaStreams streams, Placement placement) {
        this.streams = streams;
        this.placement = placement;
    }

    public long count(JobState state) {
        long total = 0;
        for (int p : placement.activeJobPartitions()) {
            try {
                Long n = streams.store(StoreQueryParameters.fromNameAndType(Stores.JOB_COUNTS.name(),
                        QueryableStoreTypes.<String, Long>keyValueStore()).withPartition(p)).get(state.name());
                total += n == null ? 0 : n;
            } catch (InvalidStateStoreException moving) {
                // the partition is changing hands; the next scrape counts it where it lands
            }
        }
        return total;
    }
}
