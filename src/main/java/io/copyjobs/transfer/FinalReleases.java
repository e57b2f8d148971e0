package io.copyjobs.transfer;

import io.copyjobs.job.JobId;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Lets go of what the fetcher keeps for a job that became final (or was purged) once its transfer
 * thread has ended, not before: a thread between its cancel check and a pin would pin after the
 * release, and that pin would last as long as the node runs.
 */
final class FinalReleases {
    private final Set<JobId> pending = ConcurrentHashMap.newKeySet();
    private final Fetcher fetcher;

    FinalReleases(Fetcher fetcher) {
        this.fetcher = fetcher;
    }

    /**
     * The job is final: released now when no transfer of it runs, else once {@link #ended} says it
     * stopped. Asks {@code transferring} after marking it, so that a transfer ending meanwhile sees the mark.
     */
    void finalJob(JobId id, BooleanSupplier transferring) {
        pending.add(id);
        if (!transferring.getAsBoolean()) {
            ended(id);
        }
    }

    /** A transfer of the job ended: releases the job if it became final, once (its end and the change may race). */
    void ended(JobId id) {
        if (pending.remove(id)) {
            fetcher.release(id.toString());
        }
    }
}
