package io.copyjobs.http;

import io.copyjobs.job.ErrorCode;
import io.copyjobs.json.Json;

/**
 * Why an event stream ended. Those with a code are told to the client in a last event,
 * {@code event: StreamEnd}, before the node closes the stream; the others have nobody to tell (the
 * client hung up, the request is over) or are told otherwise (the job's final JobModification).
 */
enum StreamEnd {
    /** The job became final: its last JobModification says so. */
    JOB_FINAL(null),
    /** The job's owner changed (TakeOwnership) and the caller is neither the new owner nor an administrator. */
    ACCESS_LOST(ErrorCode.E_ACCESSDENIED),
    /** The caller's token reached its {@code exp}. */
    TOKEN_EXPIRED(ErrorCode.E_ACCESSDENIED),
    /** The node stops, or no longer reads job events: the client may open the stream again, on any node. */
    UNAVAILABLE(ErrorCode.CJ_E_UNAVAILABLE),
    /** An event could not be written as JSON. */
    FAILED(ErrorCode.E_UNEXPECTED),
    /** A write failed as I/O: the client hung up, and Javalin has closed the stream itself. */
    CLIENT_GONE(null),
    /** Jetty finished the request (its stop, a broken connection): the response is no longer there to write or close. */
    REQUEST_GONE(null);

    private final ErrorCode code;

    StreamEnd(ErrorCode code) {
        this.code = code;
    }

    /** The code told in the last event; null when there is none. */
    ErrorCode code() {
        return code;
    }

    /** The last event's data: {@code {"reason", "code", "hresult", "detail"}}. */
    String data(String detail) {
        return Json.wire().createObjectNode().put("reason", name()).put("code", code.name()).put("hresult", code.hresult())
                .put("detail", detail).toString();
    }

    /** Whether the node must still close the stream, which completes its request. */
    boolean closes() {
        return this != CLIENT_GONE && this != REQUEST_GONE;
    }
}
