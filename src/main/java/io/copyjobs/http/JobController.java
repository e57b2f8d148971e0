package io.copyjobs.http;

import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobSpec;
import io.copyjobs.job.Rejection;
import io.copyjobs.service.JobReader;
import io.copyjobs.service.JobService;
import io.copyjobs.service.Result;
import io.copyjobs.streams.Outcome;
import io.javalin.http.Context;

/**
 * The job routes: HTTP in and out, nothing else. Commands are answered when their outcome has
 * committed; reads come from the stores. Neither ever holds a request thread: both return futures.
 */
final class JobController {
    static final String MIN_VERSION = "Copyjobs-Min-Version";
    private final JobService service;

    JobController(JobService service) {
        this.service = service;
    }

    /** POST /v1/jobs (CreateJob). */
    void create(Context ctx) {
        JobSpec spec = Bodies.read(ctx, JobSpec.class);
        String key = Requests.idempotencyKey(ctx);
        ctx.future(() -> service.create(Requests.actor(ctx), spec, key, Requests.id(ctx))
                .thenAccept(result -> answer(ctx, result)));
    }

    /** GET /v1/jobs/{id} (GetJob). */
    void get(Context ctx) {
        JobId id = Requests.jobId(ctx);
        Long minVersion = Requests.longHeader(ctx, MIN_VERSION);
        ctx.future(() -> service.get(Requests.actor(ctx), id).thenAccept(result -> {
            if (result instanceof Result.Err<JobReader.StoredJob> err) {
                Responses.problem(ctx, err.rejection());
                return;
            }
            JobReader.StoredJob found = ((Result.Ok<JobReader.StoredJob>) result).value();
            if (minVersion != null && found.job().version() < minVersion) {
                Responses.problem(ctx, Rejection.of(ErrorCode.CJ_E_UNAVAILABLE, "this node has version "
                        + found.job().version() + " of job " + id + ", older than " + MIN_VERSION + " " + minVersion));
                return;
            }
            if (found.standby()) {
                ctx.header("Copyjobs-Stale", "true").header("Copyjobs-Lag", Long.toString(found.lag()));
            }
            Responses.job(ctx, 200, found.job(), null);
        }));
    }

    /** Turns a command's outcome into the answer of SPEC §5. */
    static void answer(Context ctx, Result<Outcome> result) {
        if (result instanceof Result.Err<Outcome> err) {
            Responses.problem(ctx, err.rejection());
            return;
        }
        Outcome o = ((Result.Ok<Outcome>) result).value();
        if (o.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        }
        if (o.status() == Outcome.Status.REJECTED) {
            Responses.problem(ctx, o.rejection());
            return;
        }
        if (o.created()) {
            ctx.header("Location", "/v1/jobs/" + o.jobId());
        }
        Responses.job(ctx, o.created() ? 201 : 200, o.job(), o.result());
    }
}
