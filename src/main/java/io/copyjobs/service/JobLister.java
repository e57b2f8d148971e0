package io.copyjobs.service;

import io.copyjobs.job.JobState;
import io.copyjobs.streams.IndexEntry;

import java.util.List;
import java.util.Set;

/** Lists jobs from the owner step's index, newest first, a page at a time. */
public interface JobLister {

    /**
     * One page of an owner's jobs, or of everyone's when {@code owner} is null.
     *
     * @param states the states to list; empty lists every non-final state
     * @param after  the sort key of the last entry of the previous page, or null for the first page
     * @throws JobReader.StoreUnavailableException when the index cannot be read now
     */
    Page list(String owner, Set<JobState> states, int limit, String after);

    /** Entries in order, and the sort key to continue after, or null on the last page. */
    record Page(List<IndexEntry> entries, String next) {
    }
}
