package io.copyjobs.cluster;

import io.copyjobs.job.JobState;
import io.copyjobs.service.JobLister;
import io.copyjobs.service.JobReader;
import io.copyjobs.streams.OwnerIndexKeys;
import io.copyjobs.streams.Stores;
import io.copyjobs.wire.IndexEntry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the owner index with interactive queries. One owner's list is a range scan in the one
 * partition that holds the owner; this node's share of everyone's list merges the all-users
 * entries of the partitions it holds. Each source gives at most {@code limit + 1} entries, so a
 * page costs the same among a hundred jobs or a million.
 */
public final class StreamsJobLister implements JobLister {
    private final KafkaStreams streams;
    private final Placement placement;
    private final StandbyLags lags;

    public StreamsJobLister(KafkaStreams streams, Placement placement, StandbyLags lags) {
        this.streams = streams;
        this.placement = placement;
        this.lags = lags;
    }

    @Override
    public Page listOwner(String owner, boolean allowStandby, Set<JobState> states, int limit, String after) {
        Placement.Location where = placement.ofOwner(owner);
        int partition = where.known() ? where.partition() : placement.partitionOf(owner);
        boolean stale = !placement.activeHere(where);
        if (stale && !allowStandby) {
            throw new JobReader.StoreUnavailableException("this node does not hold " + owner + "'s list as active", null);
        }
        List<KeyValue<String, IndexEntry>> found = new ArrayList<>();
        read(() -> {
            ReadOnlyKeyValueStore<String, IndexEntry> store = store(partition, stale);
            for (String bucket : buckets(states)) {
                scan(store, OwnerIndexKeys.ownerPrefix(owner, bucket), states, limit + 1, after, found);
            }
        });
        return page(found, limit, stale, stale ? lags.lag(Stores.OWNER_INDEX.name(), partition) : 0, Set.of());
    }

    @Override
    public Page listLocal(Set<JobState> states, int limit, String after) {
        List<KeyValue<String, IndexEntry>> found = new ArrayList<>();
        Set<Integer> partitions = placement.activeOwnerPartitions();
        read(() -> {
            for (int p : partitions) {
                ReadOnlyKeyValueStore<String, IndexEntry> store = store(p, false);
                for (String bucket : buckets(states)) {
                    scan(store, OwnerIndexKeys.globalPrefix(bucket), states, limit + 1, after, found);
                }
            }
        });
        return page(found, limit, false, 0, partitions);
    }

    private static void read(Runnable reads) {
        try {
            reads.run();
        } catch (InvalidStateStoreException e) {
            throw new JobReader.StoreUnavailableException(e.getMessage(), e);
        }
    }

    private static Page page(List<KeyValue<String, IndexEntry>> found, int limit, boolean standby, long lag,
                             Set<Integer> partitions) {
        found.sort(Comparator.comparing(kv -> kv.key));
        List<IndexEntry> entries = found.stream().limit(limit).map(kv -> kv.value).toList();
        return new Page(entries, found.size() > limit ? found.get(limit - 1).key : null, standby, lag, partitions);
    }

    /** Non-final entries unless a final state is asked for, as BITS' EnumJobs leaves final jobs out. */
    static Set<String> buckets(Set<JobState> states) {
        Set<String> buckets = new LinkedHashSet<>();
        if (states.isEmpty()) {
            buckets.add(OwnerIndexKeys.bucket(JobState.QUEUED));
        }
        states.forEach(s -> buckets.add(OwnerIndexKeys.bucket(s)));
        return buckets;
    }

    /** Adds up to {@code max} matching entries of one prefix, keyed by their sort key. */
    private static void scan(ReadOnlyKeyValueStore<String, IndexEntry> store, String prefix, Set<JobState> states,
                             int max, String after, List<KeyValue<String, IndexEntry>> into) {
        String from = after == null ? prefix : OwnerIndexKeys.after(prefix, after);
        int taken = 0;
        try (KeyValueIterator<String, IndexEntry> it = store.range(from, OwnerIndexKeys.end(prefix))) {
            while (it.hasNext() && taken < max) {
                KeyValue<String, IndexEntry> kv = it.next();
                if (states.isEmpty() || states.contains(kv.value.state())) {
                    into.add(KeyValue.pair(kv.key.substring(prefix.length()), kv.value));
                    taken++;
                }
            }
        }
    }

    private ReadOnlyKeyValueStore<String, IndexEntry> store(int partition, boolean stale) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, IndexEntry>> query = StoreQueryParameters
                .fromNameAndType(Stores.OWNER_INDEX.name(), QueryableStoreTypes.<String, IndexEntry>keyValueStore())
                .withPartition(partition);
        return streams.store(stale ? query.enableStaleStores() : query);
    }
}
