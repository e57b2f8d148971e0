package io.copyjobs.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copyjobs.cluster.Peers;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.Job;
import io.copyjobs.job.Rejection;
import io.copyjobs.json.JobDocument;
import io.copyjobs.json.Json;
import io.javalin.http.Context;


/** Writes jobs and problems. */
final class Responses {
    static final String JSON = "application/json";

    private Responses() {
    }

    /** The job with its ETag, and {@code result} beside it when a success code must be reported. */
    static void job(Context ctx, int status, Job job, ErrorCode result) {
        if (result == null) {
            document(ctx, status, JobDocument.of(job));
            return;
        }
        ObjectNode node = Json.wire().valueToTree(job.redacted());
        node.putObject("result").put("code", result.name()).put("hresult", result.hresult());
        ctx.status(status).header("ETag", job.etag()).contentType(JSON).result(Json.bytes(node));
    }

    /** A stored job as answers show it: its JSON was written, and its ETag computed, when it changed. */
    static void document(Context ctx, int status, JobDocument document) {
        ctx.status(status).header("ETag", document.etag()).contentType(JSON).result(document.answer());
    }

    /** Marks an answer read from a standby replica; {@code lag} in offsets, -1 when unknown. */
    static void stale(Context ctx, long lag) {
        ctx.header("Copyjobs-Stale", "true");
        if (lag >= 0) {
            ctx.header("Copyjobs-Lag", Long.toString(lag));
        }
    }

    /** A peer's answer as it came; this node's X-Request-Id stays. */
    static void relay(Context ctx, Peers.Relayed answer) {
        answer.headers().forEach(ctx::header);
        ctx.status(answer.status()).result(answer.body());
    }

    /** A peer's streamed answer (a file's bytes), passed through without holding it in memory. */
    static void relay(Context ctx, Peers.Streamed answer) {
        ctx.disableCompression();
        answer.headers().forEach(ctx::header);
        ctx.status(answer.status()).result(answer.body());
    }

    static void json(Context ctx, int status, Object value) {
        ctx.status(status).contentType(JSON).result(Json.bytes(value));
    }

    static void problem(Context ctx, Rejection rejection) {
        problem(ctx, rejection, Problems.status(rejection.code()));
    }

    static void problem(Context ctx, Rejection rejection, int status) {
        if (status == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"copyjobs\"");
        }
        if (status == 503) {
            ctx.header("Retry-After", "1");
        }
        ctx.status(status).contentType(Problems.CONTENT_TYPE).result(Problems.body(rejection, status, Requests.id(ctx)));
    }
}
