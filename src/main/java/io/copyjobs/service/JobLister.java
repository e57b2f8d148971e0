package io.copyjobs.service;

import io.copyjobs.job.JobState;
import io.copyjobs.wire.IndexEntry;

import java.util.List;
import java.util.Set;

/** Lists jobs from this node's share of the owner step's index, newest first, a page at a time. */
public interface JobLister {

    /**
     * One page of an owner's jobs from the partition that holds the owner, if this node holds it
     * (as active, or as standby when {@code allowStandby}).
     *
     * @param states the states to list; empty lists every non-final state
     * @param after  the sort key of the last entry of the previous page, or null for the first page
     * @throws JobReader.StoreUnavailableException when this node cannot read that partition now
     */
    Page listOwner(String owner, boolean allowStandby, Set<JobState> states, int limit, String after);

    /** One page of everyone's jobs in the partitions this node holds as active. */
    Page listLocal(Set<JobState> states, int limit, String after);

    /**
     * Entries in order; the sort key to continue after, or null on the last page; whether it was
     * read from a standby (and its lag, -1 when unknown); and the owner-step partitions it covers
     * (all-users shares only: a merge must cover every partition).
     */
    record Page(List<IndexEntry> entries, String next, boolean standby, long lag, Set<Integer> partitions) {
        public Page {
            partitions = Set.copyOf(partitions);
        }
    }
}
