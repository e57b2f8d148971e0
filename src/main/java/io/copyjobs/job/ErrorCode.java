package io.copyjobs.job;

import java.util.Locale;

/**
 * Every code copyjobs reports, the one registry of them: BITS and Delivery Optimization HRESULTs
 * where Windows has one (SPEC §3), and copyjobs' own {@code CJ_*} codes for conditions of a
 * distributed service that BITS does not know. The {@code CJ_*} HRESULTs set the customer bit
 * (0x20000000), as Windows reserves it for codes that are not Microsoft's, under facility 0xC1.
 *
 * <p>A code that answers requests carries its HTTP status and the title of its problem body; the
 * HTTP layer reads them from here and nowhere else. The codes of a job's transfer errors
 * ({@link TransferError}, written by the transfer engine) answer no request and carry neither.
 */
public enum ErrorCode {
    DO_E_NOT_FOUND(0x80D02003, 404, "No such job"),
    /** 403; the HTTP layer answers 401 with it when the credentials themselves are missing or bad. */
    E_ACCESSDENIED(0x80070005, 403, "Access denied"),
    /** Bad input in a request; also a job's transfer error for a local name or URL it should not have taken. */
    E_INVALIDARG(0x80070057, 400, "Invalid argument"),
    BG_E_STRING_TOO_LONG(0x80200021, 400, "String too long"),
    E_NOTIMPL(0x80004001, 501, "Not implemented"),
    BG_E_INVALID_STATE(0x80200002, 409, "Operation not allowed in the job's state"),
    BG_E_EMPTY(0x80200003, 409, "The job has no files"),
    BG_E_TOO_MANY_FILES_IN_JOB(0x80200051, 409, "Too many files in the job"),
    BG_E_TOO_MANY_JOBS_PER_USER(0x80200049, 429, "Too many jobs for this owner"),
    BG_S_PARTIAL_COMPLETE(0x00200017, 200, "Partially complete"),
    /** COM's S_FALSE: ReplaceRemotePrefix found no file whose URL starts with the old prefix, so nothing changed. */
    S_FALSE(0x00000001, 200, "No matches found"),
    /** Windows' "catastrophic failure": a bug of ours, answered as 500. */
    E_UNEXPECTED(0x8000FFFF, 500, "Internal error"),
    CJ_E_PRECONDITION(0xA0C10001, 412, "Precondition failed"),
    CJ_E_UNAVAILABLE(0xA0C10002, 503, "Temporarily unavailable"),
    CJ_E_TIMEOUT(0xA0C10003, 504, "Outcome not known in time"),
    CJ_E_NO_ROUTE(0xA0C10004, 404, "No such resource"),
    CJ_E_METHOD_NOT_ALLOWED(0xA0C10005, 405, "Method not allowed"),
    CJ_E_BODY_TOO_LARGE(0xA0C10006, 413, "Request body too large"),
    CJ_E_UNSUPPORTED_MEDIA_TYPE(0xA0C10007, 415, "Unsupported media type"),
    /** A request in an HTTP version the node does not speak. */
    CJ_E_HTTP_VERSION(0xA0C1000C, 505, "HTTP version not supported"),
    /** An Idempotency-Key sent again with another request than the one it was first sent with. */
    CJ_E_IDEMPOTENCY_KEY_REUSED(0xA0C1000D, 422, "Idempotency-Key reused for another request"),

    /** A dropped connection, a timeout, a stalled body, a name that does not resolve: retried. */
    BG_E_NETWORK_DISCONNECTED(0x80200010),
    /** Delivery Optimization's "no progress for a period of time": the no-progress timeout ran out. */
    DO_E_DOWNLOAD_NO_PROGRESS(0x80D02002),
    /** A host on {@code COPYJOBS_TRANSFER_DENY}. */
    CJ_E_TRANSFER_DENIED(0xA0C10008),
    /** A file over {@code COPYJOBS_MAX_FILE_BYTES}. */
    CJ_E_FILE_TOO_LARGE(0xA0C10009),
    /** A file whose SHA-256 is not the one its job gave. */
    CJ_E_CHECKSUM_MISMATCH(0xA0C1000A),
    /** A local file that could not be written for another reason than a full disk. */
    CJ_E_LOCAL_FILE(0xA0C1000B),
    /** HRESULT_FROM_WIN32(ERROR_DISK_FULL), as BITS reports a full volume. */
    ERROR_DISK_FULL(0x80070070),
    /** SetMaximumDownloadTime's limit ran out: the job spent that long CONNECTING or TRANSFERRING. */
    BG_E_MAXDOWNLOAD_TIMEOUT(0x80200054),
    /** WinHTTP's "certificate issued by an untrusted authority", as BITS reports it: the description names the host. */
    ERROR_WINHTTP_SECURE_INVALID_CA(0x80072F0D),
    /** WinHTTP's "the certificate's name does not match the host". */
    ERROR_WINHTTP_SECURE_CERT_CN_INVALID(0x80072F06),
    /** WinHTTP's failed redirect: an https URL redirected to http, which the job does not allow. */
    ERROR_WINHTTP_REDIRECT_FAILED(0x80072F7A),
    /** A header value or credential that this node cannot open: sealed under another COPYJOBS_SECRETS_KEY. */
    CJ_E_SECRET_UNREADABLE(0xA0C1000E);

    /**
     * {@code BG_E_HTTP_ERROR_nnn}, the transfer error for a server's refusal, is this plus the HTTP
     * status: a family of codes rather than one, so no constant above may fall in its range.
     */
    public static final int HTTP_ERROR_BASE = 0x80190000;

    private static final int NO_STATUS = 0;

    private final int hresult;
    private final int status;
    private final String title;

    ErrorCode(int hresult, int status, String title) {
        this.hresult = hresult;
        this.status = status;
        this.title = title;
    }

    /** A job's transfer error: it answers no request. */
    ErrorCode(int hresult) {
        this(hresult, NO_STATUS, null);
    }

    /** The HRESULT as a string: {@code "0x"} and eight upper-case hex digits. */
    public String hresult() {
        return formatHresult(hresult);
    }

    /** Whether requests are answered with this code; the others are a job's transfer errors only. */
    public boolean answers() {
        return status != NO_STATUS;
    }

    /** The HTTP status a request refused with this code is answered with (SPEC §3). */
    public int status() {
        requireAnswer();
        return status;
    }

    /** The title of the problem body of an answer with this code. */
    public String title() {
        requireAnswer();
        return title;
    }

    /** Formats any HRESULT the way every copyjobs answer and job document writes one. */
    public static String formatHresult(int hresult) {
        return "0x" + String.format(Locale.ROOT, "%08X", hresult);
    }

    /** A transfer code in an answer is a bug of ours; failing here makes it a 500 that says so. */
    private void requireAnswer() {
        if (!answers()) {
            throw new IllegalStateException(name() + " is a job's transfer error and answers no request");
        }
    }
}
