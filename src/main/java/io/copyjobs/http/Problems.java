package io.copyjobs.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.Rejection;
import io.copyjobs.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one place where error codes become HTTP: the status of each code (SPEC §3) and the RFC 9457
 * {@code application/problem+json} body {@code {type, title, status, detail, instance, code, hresult}}.
 */
public final class Problems {
    public static final String CONTENT_TYPE = "application/problem+json";

    private Problems() {
    }

    public static int status(ErrorCode code) {
        return switch (code) {
            case DO_E_NOT_FOUND, CJ_E_NO_ROUTE -> 404;
            case E_ACCESSDENIED -> 403;
            case E_INVALIDARG, BG_E_STRING_TOO_LONG -> 400;
            case E_NOTIMPL -> 501;
            case BG_E_INVALID_STATE, BG_E_EMPTY, BG_E_TOO_MANY_FILES_IN_JOB -> 409;
            case BG_E_TOO_MANY_JOBS_PER_USER -> 429;
            case BG_S_PARTIAL_COMPLETE -> 200;
            case E_UNEXPECTED -> 500;
            case CJ_E_PRECONDITION -> 412;
            case CJ_E_UNAVAILABLE -> 503;
            case CJ_E_TIMEOUT -> 504;
            case CJ_E_METHOD_NOT_ALLOWED -> 405;
            case CJ_E_BODY_TOO_LARGE -> 413;
            case CJ_E_UNSUPPORTED_MEDIA_TYPE -> 415;
            case CJ_E_IDEMPOTENCY_KEY_REUSED -> 422;
            case CJ_E_HTTP_VERSION -> 505;
        };
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
        return switch (code) {
            case DO_E_NOT_FOUND -> "No such job";
            case E_ACCESSDENIED -> status == 401 ? "Authentication required" : "Access denied";
            case E_INVALIDARG -> "Invalid argument";
            case BG_E_STRING_TOO_LONG -> "String too long";
            case E_NOTIMPL -> "Not implemented";
            case BG_E_INVALID_STATE -> "Operation not allowed in the job's state";
            case BG_E_EMPTY -> "The job has no files";
            case BG_E_TOO_MANY_FILES_IN_JOB -> "Too many files in the job";
            case BG_E_TOO_MANY_JOBS_PER_USER -> "Too many jobs for this owner";
            case BG_S_PARTIAL_COMPLETE -> "Partially complete";
            case E_UNEXPECTED -> "Internal error";
            case CJ_E_PRECONDITION -> "Precondition failed";
            case CJ_E_UNAVAILABLE -> "Temporarily unavailable";
            case CJ_E_TIMEOUT -> "Outcome not known in time";
            case CJ_E_NO_ROUTE -> "No such resource";
            case CJ_E_METHOD_NOT_ALLOWED -> "Method not allowed";
            case CJ_E_BODY_TOO_LARGE -> "Request body too large";
            case CJ_E_UNSUPPORTED_MEDIA_TYPE -> "Unsupported media type";
            case CJ_E_IDEMPOTENCY_KEY_REUSED -> "Idempotency-Key reused for another request";
            case CJ_E_HTTP_VERSION -> "HTTP version not supported";
        };
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
        try {
            return Json.wire().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
