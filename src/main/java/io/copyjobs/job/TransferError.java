package io.copyjobs.job;

import java.time.Instant;
import java.util.Objects;

/**
 * The last transfer error of a job (IBackgroundCopyError): a BITS/DO code, its HRESULT as a
 * string, where it happened, and the index of the file, or null when it concerns the job.
 * {@code at} is when it happened and {@code since} when the current run of errors without
 * progress began (the no-progress timeout counts from there); both are stamped by the state
 * machine, null on an error the engine has just met.
 */
public record TransferError(String code, String hresult, ErrorContext context, String description,
                            Integer fileIndex, Instant at, Instant since) {
    public TransferError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(hresult, "hresult");
        Objects.requireNonNull(context, "context");
    }

    /** {@code BG_E_HTTP_ERROR_nnn}: 0x80190000 plus the HTTP status, as BITS reports a server's refusal. */
    public static TransferError http(int status, String description, int fileIndex) {
        return new TransferError("BG_E_HTTP_ERROR_" + status, ErrorCode.formatHresult(ErrorCode.HTTP_ERROR_BASE + status),
                ErrorContext.REMOTE_FILE, description, fileIndex, null, null);
    }

    /** A transfer error with a code of the registry, such as BG_E_NETWORK_DISCONNECTED (0x80200010). */
    public static TransferError of(ErrorCode code, ErrorContext context, String description, Integer fileIndex) {
        return new TransferError(code.name(), code.hresult(), context, description, fileIndex, null, null);
    }

    /** The same error, stamped with when it happened and when its run without progress began. */
    public TransferError stamped(Instant when, Instant runStart) {
        return new TransferError(code, hresult, context, description, fileIndex, when, runStart);
    }
}
