package io.copyjobs.http;

import io.copyjobs.job.Command;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.JobRules;
import io.copyjobs.job.JobState;
import io.copyjobs.job.PropertyChanges;
import io.copyjobs.service.JobLister;
import io.javalin.http.Handler;

import io.copyjobs.job.FileSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
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

    /** POST /v1/jobs/{id}/files (AddFileSet). */
    void addFiles(Context ctx) {
        AddFilesBody body = Bodies.read(ctx, AddFilesBody.class);
        JobRules.checkFiles(body.files(), 0).ifPresent(r -> {
            throw new ProblemException(r);
        });
        command(ctx, new Command.AddFiles(body.files()));
    }

    /** The body of AddFileSet: {@code {"files": [{remoteUrl, localName, sha256?}, …]}}. */
    record AddFilesBody(List<FileSpec> files) {
    }

    /** PATCH /v1/jobs/{id} (SetProperties), with an optional {@code If-Match}. */
    void setProperties(Context ctx) {
        PropertyChanges changes = Bodies.read(ctx, PropertyChanges.class);
        JobRules.checkChanges(changes).ifPresent(r -> {
            throw new ProblemException(r);
        });
        command(ctx, new Command.SetProperties(changes, ctx.header("If-Match")));
    }

    /** A route for an operation without arguments (resume, suspend, …); a body, if sent, must be {@code {}}. */
    Handler bodiless(Supplier<Command.JobCommand> operation) {
        return ctx -> {
            Bodies.readOptionalEmpty(ctx);
            command(ctx, operation.get());
        };
    }

    private void command(Context ctx, Command.JobCommand command) {
        JobId id = Requests.jobId(ctx);
        String key = Requests.idempotencyKey(ctx);
        ctx.future(() -> service.command(Requests.actor(ctx), id, command, key, Requests.id(ctx))
                .thenAccept(result -> answer(ctx, result)));
    }

    /** GET /v1/jobs (EnumJobs): {@code state}, {@code allUsers}, {@code limit}, {@code cursor}. */
    void list(Context ctx) {
        Set<JobState> states = Requests.states(ctx.queryParam("state"));
        boolean allUsers = Requests.bool(ctx.queryParam("allUsers"), "allUsers");
        int limit = Requests.limit(ctx.queryParam("limit"));
        String after = Cursors.decode(ctx.queryParam("cursor"));
        ctx.future(() -> service.list(Requests.actor(ctx), allUsers, states, limit, after).thenAccept(result -> {
            if (result instanceof Result.Err<JobLister.Page> err) {
                Responses.problem(ctx, err.rejection());
                return;
            }
            JobLister.Page page = ((Result.Ok<JobLister.Page>) result).value();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("jobs", page.entries());
            body.put("next", page.next() == null ? null : Cursors.encode(page.next()));
            Responses.json(ctx, 200, body);
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
