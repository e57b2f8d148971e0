package io.copyjobs.transfer;

import io.copyjobs.job.TransferError;

import java.util.Objects;

/**
 * How one {@link FileDownloader#download} ended. Each outcome carries {@code bytesTransferred}, the
 * bytes now in the file's {@code .part} file: what the job records as the file's progress and what
 * the next attempt resumes from.
 *
 * <ul>
 *   <li>{@link Completed}: the whole file is in {@code <localName>.part}, its SHA-256 checked when the
 *       job gave one; Complete renames it later.</li>
 *   <li>{@link Failed}: a {@link TransferError} for the job; {@code transientError} says whether the
 *       job goes to TRANSIENT_ERROR (retried after {@code minimumRetryDelaySeconds}) or to ERROR.</li>
 *   <li>{@link Cancelled}: the caller asked to stop (Suspend, Cancel, shutdown); the part file stays
 *       for a later resume.</li>
 * </ul>
 */
public sealed interface DownloadResult {

    /** The bytes in the part file when the download ended. */
    long bytesTransferred();

    /**
     * The whole file arrived; {@code sha256} is its digest in lower-case hex. {@code bytesFromOrigin}
     * and {@code bytesFromPeers} are what this download fetched from the file's URL and from other
     * nodes (issue 17, DO's BytesFromHttp and BytesFromPeers); both 0 when this node held it already.
     */
    record Completed(long bytesTransferred, String sha256, long bytesFromOrigin, long bytesFromPeers)
            implements DownloadResult {
        public Completed {
            Objects.requireNonNull(sha256, "sha256");
        }

        /** A file fetched from its URL alone, as every file without a SHA-256 is (its resumed bytes came from there too). */
        public Completed(long bytesTransferred, String sha256) {
            this(bytesTransferred, sha256, bytesTransferred, 0);
        }
    }

    /** The download stopped with an error: transient (retry later) or fatal (the job goes to ERROR). */
    record Failed(TransferError error, boolean transientError, long bytesTransferred) implements DownloadResult {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }

    /** The caller's cancel signal stopped the download. */
    record Cancelled(long bytesTransferred) implements DownloadResult {
    }
}
