package io.copyjobs.service;

import io.copyjobs.job.JobId;
import io.copyjobs.json.JobDocument;

import java.util.Optional;

/** Reads jobs from this node's stores. */
public interface JobReader {

    /**
     * The job as this node's store holds it: the active copy, or with {@code allowStandby} a
     * standby replica when that is what this node has.
     *
     * @throws StoreUnavailableException when no such copy can be read right now (rebalance,
     *                                   restoration, or this node holds none)
     */
    Optional<StoredJob> find(JobId id, boolean allowStandby);

    /**
     * A job read from a store, as the JSON GetJob answers with ({@link JobDocument#job()} decodes
     * it). {@code standby} marks a read from a standby replica, which may lag the active one by
     * {@code lag} offsets.
     */
    record StoredJob(JobDocument document, boolean standby, long lag) {
    }

    /** The store for a key cannot be queried here now; another node or a later try may succeed. */
    final class StoreUnavailableException extends RuntimeException {
        public StoreUnavailableException(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }
}
