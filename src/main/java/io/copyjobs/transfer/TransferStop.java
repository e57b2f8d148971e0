package io.copyjobs.transfer;

import io.copyjobs.job.TransferError;

/**
 * Unwinds a download from wherever it has to stop (a refused hop, a failed write, a cancel signal)
 * to {@link FileDownloader}, which turns it into a {@link DownloadResult} with the bytes then on
 * disk. Made by {@link Failures}; it carries no stack trace, since it is an outcome, not a bug.
 */
final class TransferStop extends Exception {
    private final TransferError error;
    private final boolean transientError;

    private TransferStop(TransferError error, boolean transientError) {
        super(error == null ? "cancelled" : error.code(), null, false, false);
        this.error = error;
        this.transientError = transientError;
    }

    static TransferStop failed(TransferError error, boolean transientError) {
        return new TransferStop(error, transientError);
    }

    static TransferStop cancelled() {
        return new TransferStop(null, false);
    }

    DownloadResult result(long bytesOnDisk) {
        return error == null ? new DownloadResult.Cancelled(bytesOnDisk)
                : new DownloadResult.Failed(error, transientError, bytesOnDisk);
    }
}
