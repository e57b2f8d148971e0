package io.copyjobs.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.Rejection;
import io.copyjobs.json.Json;


/**
 * The one place where error codes become HTTP: the status and title each code carries in
 * {@link ErrorCode} (SPEC §3), and the RFC 9457 {@code application/problem+json} body
 * {@code {type, title, status, detail, instance, code, hresult}}.
 */
public final class Problems {
    public static final String CONTENT_TYPE = "application/problem+json";

    private Problems() {
    }

    /** The status of an answer refused with {@code code}: the registry's ({@link ErrorCode#status()}). */
    public static int status(ErrorCode code) {
        return code.status();
    }

    /** The code for a status the HTTP server chose by itself (unknown route, bad request line …). */
    static ErrorCode codeForStatus(int status) {
        return switch (status) {
            case 404 -> ErrorCode.CJ_E_NO_ROUTE;
            case 405 -> ErrorCode.CJ_E_METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.CJ_E_BODY_TOO_LARGE;
            case 415 -> ErrorCode.CJ_E_UNSUPPORTED_MEDIA_TYPE;
            // Jetty answers 426 to an HTTP/2 request line on an HTTP/1 connection, 505 to any other version.
            case 426, 505 -> ErrorCode.CJ_E_HTTP_VERSION;
            case 501 -> ErrorCode.E_NOTIMPL;
            case 503 -> ErrorCode.CJ_E_UNAVAILABLE;
            case 504 -> ErrorCode.CJ_E_TIMEOUT;
            default -> status >= 500 ? ErrorCode.E_UNEXPECTED : ErrorCode.E_INVALIDARG;
        };
    }

    static String title(ErrorCode code, int status) {
        return code == ErrorCode.E_ACCESSDENIED && status == 401 ? "Authentication required" : code.title();
    }

    /** The problem body for {@code rejection}, answered with {@code status} (its code's, or 401). */
    public static byte[] body(Rejection rejection, int status, String requestId) {
        ObjectNode node = Json.wire().createObjectNode();
        node.put("type", "urn:copyjobs:problem:" + rejection.code().name());
        node.put("title", title(rejection.code(), status));
        node.put("status", status);
        node.put("detail", rejection.detail());
        node.put("instance", requestId == null ? null : "urn:copyjobs:request:" + requestId);
        node.put("code", rejection.code().name());
        node.put("hresult", rejection.code().hresult());
        return Json.bytes(node);
    }
}
