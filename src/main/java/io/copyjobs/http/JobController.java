package io.copyjobs.http;

import io.copyjobs.cluster.Answer;
import io.copyjobs.cluster.JobReads;
import io.copyjobs.cluster.Locator;
import io.copyjobs.cluster.Peers;
import io.copyjobs.cluster.Router;
import io.copyjobs.job.Actor;
import io.copyjobs.job.Command;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.FileSpec;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobRules;
import io.copyjobs.job.JobSpec;
import io.copyjobs.job.PropertyChanges;
import io.copyjobs.job.Rejection;
import io.copyjobs.json.JobDocument;
import io.copyjobs.secrets.SecretBox;
import io.copyjobs.service.JobLister;
import io.copyjobs.service.JobReader;
import io.copyjobs.service.JobService;
import io.copyjobs.service.Result;
import io.copyjobs.wire.Outcome;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The job routes: HTTP in and out, nothing else. Commands are answered when their outcome has
 * committed; reads come from the stores ({@link JobReads}). Neither ever holds a request thread:
 * both answer with futures, but a read this node can answer at once.
 */
final class JobController {
    private final JobService service;
    private final JobReads reads;
    private final Router router;
    private final Locator locator;
    private final SecretBox secrets;

    JobController(JobService service, JobReads reads, Router router, Locator locator, SecretBox secrets) {
        this.service = service;
        this.reads = reads;
        this.router = router;
        this.locator = locator;
        this.secrets = secrets;
    }

    /**
     * POST /v1/jobs (CreateJob). Secrets are checked in clear here, the one place that sees them so,
     * and sealed before the command leaves for Kafka.
     */
    void create(Context ctx) {
        JobSpec plain = Bodies.read(ctx, JobSpec.class);
        JobRules.checkSpec(plain).ifPresent(r -> {
            throw new ProblemException(r);
        });
        JobSpec spec = plain.withSecrets(secrets::seal);
        String key = Requests.idempotencyKey(ctx);
        ctx.future(() -> service.create(Requests.actor(ctx), spec, key)
                .thenAccept(result -> answer(ctx, result)));
    }

    /**
     * GET /v1/jobs/{id} (GetJob): answered from this node's store when it holds the job, else by
     * the node that does (one forward), else by a standby replica, marked stale. Answered at once,
     * without going asynchronous, when this node holds the job's active copy.
     */
    void get(Context ctx) {
        JobId id = Requests.jobId(ctx);
        Long minVersion = Requests.longHeader(ctx, JobReads.MIN_VERSION);
        CompletableFuture<Answer<JobDocument>> answer = reads.job(caller(ctx), id, minVersion);
        BiConsumer<Context, JobDocument> write = (c, document) -> Responses.document(c, 200, document);
        if (answer.isDone()) {
            respond(ctx, answer.join(), write);
        } else {
            ctx.future(() -> answer.thenAccept(a -> respond(ctx, a, write)));
        }
    }

    /** The job as GetJob would answer it, for routes that need the job itself: its files' bytes, its event stream. */
    CompletableFuture<Result<Job>> readJob(Context ctx, JobId id) {
        return reads.jobOf(caller(ctx), id);
    }

    private static JobReads.Caller caller(Context ctx) {
        return new JobReads.Caller(Requests.actor(ctx), Requests.forwarded(ctx), () -> Requests.forwardedHeaders(ctx));
    }

    /** A read's answer: the value as {@code write} puts it (marked stale from a standby), a peer's as it came, or the problem. */
    private static <T> void respond(Context ctx, Answer<T> answer, BiConsumer<Context, T> write) {
        if (answer instanceof Answer.Found<T> found) {
            if (found.stale()) {
                Responses.stale(ctx, found.lag());
            }
            write.accept(ctx, found.value());
        } else if (answer instanceof Answer.Relayed<T> relayed) {
            Responses.relay(ctx, relayed.answer());
        } else if (answer instanceof Answer.Refused<T> refused) {
            Responses.problem(ctx, refused.rejection());
        }
    }

    /** POST /v1/jobs/{id}/files (AddFileSet). */
    void addFiles(Context ctx) {
        AddFilesBody body = Bodies.read(ctx, AddFilesBody.class);
        JobRules.checkFiles(body.files(), List.of()).ifPresent(r -> {
            throw new ProblemException(r);
        });
        command(ctx, new Command.AddFiles(body.files()));
    }

    /** The body of AddFileSet: {@code {"files": [{remoteUrl, localName, sha256?}, …]}}. */
    record AddFilesBody(List<FileSpec> files) {
    }

    /** PATCH /v1/jobs/{id} (SetProperties), with an optional {@code If-Match}; secrets as in {@link #create}. */
    void setProperties(Context ctx) {
        PropertyChanges changes = Bodies.read(ctx, PropertyChanges.class);
        JobRules.checkChanges(changes).ifPresent(r -> {
            throw new ProblemException(r);
        });
        command(ctx, new Command.SetProperties(changes.withSecrets(secrets::seal), Requests.ifMatch(ctx)));
    }

    /** A route for an operation without arguments (resume, suspend, …); a body, if sent, must be {@code {}}. */
    Handler bodiless(Supplier<Command.JobCommand> operation) {
        return ctx -> {
            Bodies.readOptionalEmpty(ctx);
            command(ctx, operation.get());
        };
    }

    /** Sends {@code command} for the job of the path and answers its outcome. */
    void command(Context ctx, Command.JobCommand command) {
        JobId id = Requests.jobId(ctx);
        String key = Requests.idempotencyKey(ctx);
        ctx.future(() -> service.command(Requests.actor(ctx), id, command, key)
                .thenAccept(result -> answer(ctx, result)));
    }

    /**
     * GET /v1/jobs (EnumJobs): {@code state}, {@code allUsers}, {@code limit}, {@code cursor}. One
     * owner's list is read where the owner step holds it; all users' lists merge every node's share.
     */
    void list(Context ctx) {
        ListQuery query = ListQuery.of(ctx);
        Actor actor = Requests.actor(ctx);
        if (query.allUsers()) {
            listEveryone(ctx, actor, query);
            return;
        }
        ctx.future(() -> reads.ownList(caller(ctx), query.states(), query.limit(), query.after(), query.pathAndQuery())
                .thenAccept(answer -> respond(ctx, answer,
                        (c, page) -> Responses.json(c, 200, Pages.body(page.entries(), page.next())))));
    }

    /** This node's share, merged with every other node's unless this request is itself a node's ask. */
    private void listEveryone(Context ctx, Actor actor, ListQuery query) {
        Result<JobLister.Page> mine;
        try {
            mine = service.listEveryone(actor, query.states(), query.limit(), query.after());
        } catch (JobReader.StoreUnavailableException e) {
            throw ProblemException.of(ErrorCode.CJ_E_UNAVAILABLE, "this node's share of the list cannot be read now ("
                    + e.getMessage() + ")");
        }
        if (mine instanceof Result.Err<JobLister.Page> err) {
            Responses.problem(ctx, err.rejection());
        } else if (mine instanceof Result.Ok<JobLister.Page> ok && Requests.forwarded(ctx)) {
            Responses.json(ctx, 200, Pages.share(ok.value()));
        } else if (mine instanceof Result.Ok<JobLister.Page> ok) {
            ctx.future(() -> router.askOthers(query.pathAndQuery(), Requests.forwardedHeaders(ctx))
                    .handle((answers, error) -> merge(ctx, query, ok.value(), answers, error)));
        }
    }

    /** This node's share and every other's, merged; refused when one is missing: a list with a gap would be wrong. */
    private Void merge(Context ctx, ListQuery query, JobLister.Page mine, List<Peers.Relayed> answers, Throwable error) {
        if (error != null) {
            Responses.problem(ctx, Rejection.of(ErrorCode.CJ_E_UNAVAILABLE,
                    "not every node answered for its share of the list: " + error.getMessage()));
            return null;
        }
        Peers.Relayed refused = answers.stream().filter(a -> a.status() != 200).findFirst().orElse(null);
        if (refused != null) {
            Responses.relay(ctx, refused);
            return null;
        }
        Pages.Merged merged = Pages.merge(mine, answers.stream().map(Peers.Relayed::body).toList(), query.limit());
        if (merged.partitions().size() < locator.partitionCount()) {
            Responses.problem(ctx, Rejection.of(ErrorCode.CJ_E_UNAVAILABLE, "the list would be "
                    + "incomplete: some partitions have no node serving them yet (rebalancing)"));
        } else {
            Responses.json(ctx, 200, merged.body());
        }
        return null;
    }

    /** Turns a command's outcome into the answer of SPEC §5. */
    static void answer(Context ctx, Result<Outcome> result) {
        if (result instanceof Result.Ok<Outcome> ok) {
            answer(ctx, ok.value());
        } else if (result instanceof Result.Err<Outcome> err) {
            Responses.problem(ctx, err.rejection());
        }
    }

    private static void answer(Context ctx, Outcome o) {
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
