package io.copyjobs.testing;

import io.copyjobs.job.Job;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobState;
import io.copyjobs.json.JobDocument;
import io.copyjobs.service.JobLister;
import io.copyjobs.service.JobReader;
import io.copyjobs.streams.OwnerIndexKeys;
import io.copyjobs.wire.IndexEntry;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * This node's job store and owner index in memory, read as the Streams stores are read: a job by
 * id, and lists newest first a page at a time, in the copy ({@link Copy}) the test says this node
 * holds. A copy this node may not answer from throws as the Streams store does.
 */
public final class MemoryJobStore implements JobReader, JobLister {
    /** The lag, in offsets, of every standby read. */
    public static final long LAG = 7;

    /** Which copy of the stores this node holds. */
    public enum Copy { NONE, ACTIVE, STANDBY }

    private final Map<JobId, Job> jobs = new ConcurrentHashMap<>();
    private final Set<Integer> partitions;
    private volatile Copy copy = Copy.NONE;

    /** @param partitions the owner-step partitions this node's share of an all-users list covers */
    public MemoryJobStore(Set<Integer> partitions) {
        this.partitions = Set.copyOf(partitions);
    }

    /** Stores {@code job}, as the job step commits it. */
    public MemoryJobStore put(Job job) {
        jobs.put(job.id(), job);
        return this;
    }

    /** From now on this node holds {@code held}. */
    public MemoryJobStore hold(Copy held) {
        this.copy = held;
        return this;
    }

    /** Forgets every job and holds no copy. */
    public void clear() {
        jobs.clear();
        copy = Copy.NONE;
    }

    /** Whether a read now is of a standby copy; throws as the Streams store does when it may not be read. */
    private boolean standbyRead(boolean allowStandby) {
        if (copy == Copy.ACTIVE) {
            return false;
        }
        if (copy == Copy.STANDBY && allowStandby) {
            return true;
        }
        throw new StoreUnavailableException("this node holds no copy it may answer from", null);
    }

    @Override
    public Optional<StoredJob> find(JobId id, boolean allowStandby) {
        boolean standby = standbyRead(allowStandby);
        return Optional.ofNullable(jobs.get(id)).map(j -> new StoredJob(JobDocument.of(j), standby, standby ? LAG : 0));
    }

    @Override
    public Page listOwner(String owner, boolean allowStandby, Set<JobState> states, int limit, String after) {
        boolean standby = standbyRead(allowStandby);
        return page(e -> e.owner().equals(owner), states, limit, after, standby, Set.of());
    }

    /** This node's share of everyone's list: every job while it holds the active copy, else nothing. */
    @Override
    public Page listLocal(Set<JobState> states, int limit, String after) {
        if (copy != Copy.ACTIVE) {
            return new Page(List.of(), null, false, 0, Set.of());
        }
        return page(e -> true, states, limit, after, false, partitions);
    }

    /** Non-final jobs unless states are named, newest first, after the sort key {@code after}. */
    private Page page(Predicate<IndexEntry> whose, Set<JobState> states, int limit, String after, boolean standby,
                      Set<Integer> covered) {
        List<IndexEntry> found = jobs.values().stream().map(IndexEntry::of).filter(whose)
                .filter(e -> states.isEmpty() ? !e.state().isFinal() : states.contains(e.state()))
                .filter(e -> after == null || sortKey(e).compareTo(after) > 0)
                .sorted(Comparator.comparing(MemoryJobStore::sortKey)).toList();
        List<IndexEntry> entries = found.stream().limit(limit).toList();
        String next = found.size() > limit ? sortKey(entries.get(limit - 1)) : null;
        return new Page(entries, next, standby, standby ? LAG : 0, covered);
    }

    private static String sortKey(IndexEntry e) {
        return OwnerIndexKeys.sortKey(e.created(), e.id().toString());
    }
}
