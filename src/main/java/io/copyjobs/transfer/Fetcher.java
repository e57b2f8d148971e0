package io.copyjobs.transfer;

import io.copyjobs.job.JobFile;
import io.copyjobs.job.TransferOptions;

import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * How the engine gets a job's file into its part file: from its URL ({@link FileDownloader}), or
 * through the fleet's content cache when the job gives its SHA-256 ({@link SharedDownloads}).
 */
public interface Fetcher {

    /** Fetches {@code task}'s file for job {@code job}; blocks its transfer thread until it is done, failed or cancelled. */
    DownloadResult fetch(String job, FileTask task, ProgressListener listener, BooleanSupplier cancelled);

    /** True when this node holds the file's bytes already, so that fetching it downloads nothing (a link from its cache). */
    default boolean holds(JobFile file) {
        return false;
    }

    /**
     * Links the file from this node's cache when it holds it (pinned for {@code job} first, so that
     * no eviction takes it meanwhile); empty, having downloaded nothing, when it does not (any
     * longer: evicted or found rotten since the job was scheduled as one that takes no slot).
     */
    default Optional<DownloadResult> linkHeld(String job, FileTask task) {
        return Optional.empty();
    }

    /** The job's options as they are now: a changed bandwidth limit applies to its running downloads at once. */
    default void limit(String job, TransferOptions options) {
    }

    /** The job no longer needs what was fetched for it kept on this node: it is final, purged, or moved. */
    default void release(String job) {
    }
}
