package io.copyjobs.job;

import java.util.Locale;

/**
 * The codes copyjobs answers with: BITS and Delivery Optimization HRESULTs where Windows has one
 * (SPEC §3), and copyjobs' own {@code CJ_*} codes for conditions of a distributed service that BITS
 * does not know. The {@code CJ_*} HRESULTs set the customer bit (0x20000000), as Windows reserves
 * it for codes that are not Microsoft's, under facility 0xC1.
 */
public enum ErrorCode {
    DO_E_NOT_FOUND(0x80D02003),
    E_ACCESSDENIED(0x80070005),
    E_INVALIDARG(0x80070057),
    BG_E_STRING_TOO_LONG(0x80200021),
    E_NOTIMPL(0x80004001),
    BG_E_INVALID_STATE(0x80200002),
    BG_E_EMPTY(0x80200003),
    BG_E_TOO_MANY_FILES_IN_JOB(0x80200051),
    BG_E_TOO_MANY_JOBS_PER_USER(0x80200049),
    BG_S_PARTIAL_COMPLETE(0x00200017),
    /** Windows' "catastrophic failure": a bug of ours, answered as 500. */
    E_UNEXPECTED(0x8000FFFF),
    CJ_E_PRECONDITION(0xA0C10001),
    CJ_E_UNAVAILABLE(0xA0C10002),
    CJ_E_TIMEOUT(0xA0C10003),
    CJ_E_NO_ROUTE(0xA0C10004),
    CJ_E_METHOD_NOT_ALLOWED(0xA0C10005),
    CJ_E_BODY_TOO_LARGE(0xA0C10006),
    CJ_E_UNSUPPORTED_MEDIA_TYPE(0xA0C10007),
    /**
     * A request in an HTTP version the node does not speak. 0x08..0x0B are the transfer engine's
     * codes ({@code io.copyjobs.transfer.Failures}); a test keeps the two sets apart.
     */
    CJ_E_HTTP_VERSION(0xA0C1000C),
    /** An Idempotency-Key sent again with another request than the one it was first sent with. */
    CJ_E_IDEMPOTENCY_KEY_REUSED(0xA0C1000D);

    private final int hresult;

    ErrorCode(int hresult) {
        this.hresult = hresult;
    }

    /** The HRESULT as a string: {@code "0x"} and eight upper-case hex digits. */
    public String hresult() {
        return formatHresult(hresult);
    }

    /** Formats any HRESULT the way every copyjobs answer writes one. */
    public static String formatHresult(int hresult) {
        return "0x" + String.format(Locale.ROOT, "%08X", hresult);
    }
}
