package io.copyjobs.service;

import io.copyjobs.job.Job;
import io.copyjobs.job.JobId;

import java.util.Optional;

/** Reads jobs from this node's stores. */
public interface JobReader {

    /**
     * The job as this node's store holds it.
     *
     * @throws StoreUnavailableException when the store cannot be read right now (rebalance,
     *                                   restoration); the caller may try again shortly
     */
    Optional<StoredJob> find(JobId id);

    /**
     * A job read from a store. {@code standby} marks a read from a standby replica, which may
     * lag the active one by {@code lag} offsets.
     */
    record StoredJob(Job job, boolean standby, long lag) {
    }

    /** The store for a key cannot be queried now; retrying shortly may succeed. */
    final class StoreUnavailableException extends RuntimeException {
        public StoreUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
