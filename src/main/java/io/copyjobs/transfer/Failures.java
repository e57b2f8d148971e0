package io.copyjobs.transfer;

import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.ErrorContext;
import io.copyjobs.job.TransferError;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The errors a download ends with (SPEC §3 and §8), each with its code, HRESULT and context, and
 * whether the job retries it (TRANSIENT_ERROR) or stops (ERROR). The codes are the registry's
 * ({@link ErrorCode}); the package documentation lists which failure takes which.
 */
final class Failures {
    /** Below this much free space a failed write is taken for a full disk. */
    private static final long NEARLY_FULL = 1L << 20;

    private Failures() {
    }

    /** A dropped connection, a timeout, a stalled body, a name that does not resolve: retried later. */
    static TransferStop disconnected(String why, int fileIndex) {
        return TransferStop.failed(TransferError.of(ErrorCode.BG_E_NETWORK_DISCONNECTED,
                ErrorContext.GENERAL_TRANSPORT, why, fileIndex), true);
    }

    /** An HTTP status that is not the file: 5xx, 408 and 429 are retried later, other ones are fatal. */
    static TransferStop status(int status, URI uri, int fileIndex) {
        boolean retry = status >= 500 || status == 408 || status == 429;
        return TransferStop.failed(TransferError.http(status, "the server answered " + status + " for "
                + describe(uri), fileIndex), retry);
    }

    /** A 401: fatal, as any 4xx; the description says whether the job's credentials were sent. */
    static TransferStop unauthorized(URI uri, boolean credentialsSent, int fileIndex) {
        return TransferStop.failed(TransferError.http(401, "the server answered 401 for " + describe(uri)
                + (credentialsSent ? " to the credentials sent" : " and no credentials were sent"), fileIndex), false);
    }

    /** A 407 from the proxy: fatal, as a 401; the description says whether the job's proxy credentials were sent. */
    static TransferStop proxyUnauthorized(String proxy, boolean credentialsSent, int fileIndex) {
        return TransferStop.failed(TransferError.http(407, "the proxy " + proxy + " answered 407 (proxy authentication "
                + "required)" + (credentialsSent ? " to the proxy credentials sent" : " and no proxy credentials were sent"),
                fileIndex), false);
    }

    /** A redirect that cannot be followed: no or a bad Location, not http(s), too many hops. */
    static TransferStop badRedirect(int status, String why, int fileIndex) {
        return TransferStop.failed(TransferError.http(status, why, fileIndex), false);
    }

    static TransferStop denied(String why, int fileIndex) {
        return fatal(ErrorCode.CJ_E_TRANSFER_DENIED, ErrorContext.REMOTE_FILE,
                "transfer refused by COPYJOBS_TRANSFER_DENY: " + why, fileIndex);
    }

    static TransferStop tooLarge(long size, long max, int fileIndex) {
        return fatal(ErrorCode.CJ_E_FILE_TOO_LARGE, ErrorContext.REMOTE_FILE,
                "the file has " + size + " bytes or more, over COPYJOBS_MAX_FILE_BYTES (" + max + ")", fileIndex);
    }

    static TransferStop checksum(String localName, String expected, String actual, int fileIndex) {
        return fatal(ErrorCode.CJ_E_CHECKSUM_MISMATCH, ErrorContext.REMOTE_FILE,
                localName + ": SHA-256 is " + actual + ", expected " + expected, fileIndex);
    }

    /** True when {@code result} failed the whole-file SHA-256 check. */
    static boolean isChecksum(DownloadResult result) {
        return result instanceof DownloadResult.Failed f && ErrorCode.CJ_E_CHECKSUM_MISMATCH.name().equals(f.error().code());
    }

    /** A local file could not be written: a full disk, a missing permission, a broken volume. */
    static TransferStop localFile(IOException e, Path path, String name, int fileIndex) {
        String why = "cannot write " + name + ": " + localReason(e);
        return diskFull(path)
                ? fatal(ErrorCode.ERROR_DISK_FULL, ErrorContext.LOCAL_FILE, why, fileIndex)
                : fatal(ErrorCode.CJ_E_LOCAL_FILE, ErrorContext.LOCAL_FILE, why, fileIndex);
    }

    /** The job's directory could not be found, made or moved to its current owner. */
    static TransferError jobDirectory(IOException e) {
        return TransferError.of(ErrorCode.CJ_E_LOCAL_FILE, ErrorContext.LOCAL_FILE,
                "cannot prepare the job's directory: " + localReason(e), null);
    }

    /** The job spent its maximum download time, {@code limit} s (BG_E_MAXDOWNLOAD_TIMEOUT), at file {@code fileIndex}. */
    static TransferError outOfTime(int limit, int fileIndex) {
        return TransferError.of(ErrorCode.BG_E_MAXDOWNLOAD_TIMEOUT, ErrorContext.GENERAL_TRANSPORT,
                "the job spent its maximumDownloadTimeSeconds (" + limit + " s) connecting and transferring", fileIndex);
    }

    /**
     * What went wrong with a local file, without its path: a FileSystemException's message is the
     * node's absolute path (and often nothing else), and the job's error is read by its owner, who
     * knows the file by its local name only.
     */
    static String localReason(IOException e) {
        if (e instanceof FileSystemException f) {
            return f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
        }
        return reason(e);
    }

    /** A remote URL or local name that a job should never have accepted. */
    static TransferStop invalid(String why, ErrorContext context, int fileIndex) {
        return fatal(ErrorCode.E_INVALIDARG, context, why, fileIndex);
    }

    /** A failure's class and message, for a description that says what went wrong without a trace. */
    static String reason(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** The URL without its query, fragment and user info, which may hold credentials. */
    static String describe(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private static TransferStop fatal(ErrorCode code, ErrorContext context, String why, int fileIndex) {
        return TransferStop.failed(TransferError.of(code, context, why, fileIndex), false);
    }

    private static boolean diskFull(Path path) {
        try {
            Path existing = path;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            return existing != null && Files.getFileStore(existing).getUsableSpace() < NEARLY_FULL;
        } catch (IOException e) {
            return false;
        }
    }
}
