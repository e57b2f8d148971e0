package io.copyjobs.http;

import io.copyjobs.cluster.Peers;
import io.copyjobs.cluster.Placement;
import io.copyjobs.cluster.Router;
import io.copyjobs.job.Actor;
import io.copyjobs.job.Command;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.JobRules;
import io.copyjobs.job.PropertyChanges;
import io.copyjobs.service.JobLister;
import io.javalin.http.Handler;

import io.copyjobs.job.FileSpec;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobSpec;
import io.copyjobs.job.Rejection;
import io.copyjobs.metrics.Metrics;
import io.copyjobs.service.JobReader;
import io.copyjobs.service.JobService;
import io.copyjobs.service.Result;
import io.copyjobs.wire.Outcome;
import io.javalin.http.Context;

/**
 * The job routes: HTTP in and out, nothing else. Commands are answered when their outcome has
 * committed; reads come from the stores. Neither ever holds a request thread: both return futures.
 */
final class JobController {
    static final String MIN_VERSION = "Copyjobs-Min-Version";
    private final JobService service;
    private final Router router;
    private final Placement placement;
    private final Metrics metrics;

    JobController(JobService service, Router router, Placement placement, Metrics metrics) {
        this.metrics = metrics;
        this.service = service;
        this.router = router;
        this.placement = placement;
    }

    /** POST /v1/jobs (CreateJob). */
    void create(Context ctx) {
        JobSpec spec = Bodies.read(ctx, JobSpec.class);
        String key = Requests.idempotencyKey(ctx);
        ctx.future(() -> service.create(Requests.actor(ctx), spec, key)
                .thenAccept(result -> answer(ctx, result)));
    }

    /**
     * GET /v1/jobs/{id} (GetJob): answered from this node's store when it holds the job, else by
     * the node that does (one forward), else by a standby replica, marked stale.
     */
    void get(Context ctx) {
        JobId id = Requests.jobId(ctx);
        Long minVersion = Requests.longHeader(ctx, MIN_VERSION);
        Actor actor = Requests.actor(ctx);
        Function<Boolean, Result<JobReader.StoredJob>> local = standby -> service.read(actor, id, standby);
        long start = System.nanoTime();
        if (answeredHere(ctx, id, minVersion, local, start)) {
            return;
        }
        ctx.future(() -> route(ctx, () -> placement.ofJob(id.toString()), local, "/v1/jobs/" + id).thenAccept(routed -> {
            if (routed instanceof Router.Routed.Remote<JobReader.StoredJob> remote) {
                Responses.relay(ctx, remote.answer());
            } else {
                answerRead(ctx, ((Router.Routed.Local<JobReader.StoredJob>) routed).result(), id, minVersion);
            }
            metrics.lookup(servedBy(routed), System.nanoTime() - start);
        }));
    }

    /**
     * The common case without the cost of an asynchronous answer: this node holds the job's active
     * copy and it can be read now (a RocksDB lookup, no waiting). False when the read must be routed.
     */
    private boolean answeredHere(Context ctx, JobId id, Long minVersion, Function<Boolean, Result<JobReader.StoredJob>> local,
                                 long start) {
        if (Requests.forwarded(ctx) || !placement.activeHere(placement.ofJob(id.toString()))) {
            return false;
        }
        Result<JobReader.StoredJob> result;
        try {
            result = local.apply(false);
        } catch (JobReader.StoreUnavailableException e) {
            return false;
        }
        Router.Routed<JobReader.StoredJob> routed = new Router.Routed.Local<>(result);
        answerRead(ctx, result, id, minVersion);
        metrics.lookup(servedBy(routed), System.nanoTime() - start);
        return true;
    }

    /** How a read was served, for the lookups meter: local, standby, forwarded, or the failure's code. */
    static <T> String servedBy(Router.Routed<T> routed) {
        if (routed instanceof Router.Routed.Remote<T> remote) {
            return remote.answer().status() == 200 ? "forwarded" : "forwarded_" + remote.answer().status();
        }
        Result<T> result = ((Router.Routed.Local<T>) routed).result();
        if (result instanceof Result.Err<T> err) {
            return err.rejection().code() == ErrorCode.CJ_E_UNAVAILABLE ? "unavailable" : "local";
        }
        Object value = ((Result.Ok<T>) result).value();
        boolean stale = value instanceof JobReader.StoredJob s ? s.standby()
                : value instanceof JobLister.Page p && p.standby();
        return stale ? "standby" : "local";
    }

    private static void answerRead(Context ctx, Result<JobReader.StoredJob> result, JobId id, Long minVersion) {
        if (result instanceof Result.Err<JobReader.StoredJob> err) {
            Responses.problem(ctx, err.rejection());
            return;
        }
        JobReader.StoredJob found = ((Result.Ok<JobReader.StoredJob>) result).value();
        if (minVersion != null && found.document().version() < minVersion) {
            Responses.problem(ctx, Rejection.of(ErrorCode.CJ_E_UNAVAILABLE, "this node can answer only with version "
                    + found.document().version() + " of job " + id + ", older than " + MIN_VERSION + " " + minVersion));
            return;
        }
        if (found.standby()) {
            Responses.stale(ctx, found.lag());
        }
        Responses.document(ctx, 200, found.document());
    }

    /**
     * The job as GetJob would answer it (routed to the node that holds it, access checked there),
     * for routes that need the job rather than its JSON: its files' bytes, its event stream.
     */
    CompletableFuture<Result<Job>> readJob(Context ctx, JobId id) {
        Actor actor = Requests.actor(ctx);
        Function<Boolean, Result<JobReader.StoredJob>> local = standby -> service.read(actor, id, standby);
        // Routed even when this request was itself forwarded (to the node holding a file's bytes):
        // the job's lookup is another resource, and the node asked for it answers it itself.
        return router.route(() -> placement.ofJob(id.toString()), local, "/v1/jobs/" + id,
                Requests.forwardedHeaders(ctx)).thenApply(routed -> {
            if (routed instanceof Router.Routed.Remote<JobReader.StoredJob> remote) {
                return Pages.job(remote.answer());
            }
            Result<JobReader.StoredJob> result = ((Router.Routed.Local<JobReader.StoredJob>) routed).result();
            return result instanceof Result.Ok<JobReader.StoredJob> ok ? Result.ok(ok.value().document().job())
                    : Result.err(((Result.Err<JobReader.StoredJob>) result).rejection());
        });
    }

    /**
     * A forwarded request is answered here from whatever copy this node has; never forwarded again.
     * {@code peerPath} is the same read as a peer is asked it, written from checked values.
     */
    private <T> CompletableFuture<Router.Routed<T>> route(Context ctx, Supplier<Placement.Location> locate,
                                                          Function<Boolean, Result<T>> local, String peerPath) {
        if (Requests.forwarded(ctx)) {
            return router.here(local);
        }
        return router.route(locate, local, peerPath, Requests.forwardedHeaders(ctx));
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

    /** PATCH /v1/jobs/{id} (SetProperties), with an optional {@code If-Match}. */
    void setProperties(Context ctx) {
        PropertyChanges changes = Bodies.read(ctx, PropertyChanges.class);
        JobRules.checkChanges(changes).ifPresent(r -> {
            throw new ProblemException(r);
        });
        command(ctx, new Command.SetProperties(changes, Requests.ifMatch(ctx)));
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
        Function<Boolean, Result<JobLister.Page>> local = standby -> service.listOwn(actor, standby, query.states(),
                query.limit(), query.after());
        long start = System.nanoTime();
        String peerPath = query.pathAndQuery();
        ctx.future(() -> route(ctx, () -> placement.ofOwner(actor.subject()), local, peerPath).thenAccept(routed -> {
            metrics.lookup(servedBy(routed), System.nanoTime() - start);
            if (routed instanceof Router.Routed.Remote<JobLister.Page> remote) {
                Responses.relay(ctx, remote.answer());
                return;
            }
            Result<JobLister.Page> result = ((Router.Routed.Local<JobLister.Page>) routed).result();
            if (result instanceof Result.Err<JobLister.Page> err) {
                Responses.problem(ctx, err.rejection());
                return;
            }
            JobLister.Page page = ((Result.Ok<JobLister.Page>) result).value();
            if (page.standby()) {
                Responses.stale(ctx, page.lag());
            }
            Responses.json(ctx, 200, Pages.body(page.entries(), page.next()));
        }));
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
            return;
        }
        JobLister.Page page = ((Result.Ok<JobLister.Page>) mine).value();
        if (Requests.forwarded(ctx)) {
            Responses.json(ctx, 200, Pages.share(page));
            return;
        }
        ctx.future(() -> router.askOthers(query.pathAndQuery(), Requests.forwardedHeaders(ctx))
                .handle((answers, error) -> {
                    if (error != null) {
                        Responses.problem(ctx, Rejection.of(ErrorCode.CJ_E_UNAVAILABLE,
                                "not every node answered for its share of the list: " + error.getMessage()));
                        return null;
                    }
                    Peers.Relayed refused = answers.stream().filter(a -> a.status() != 200).findFirst().orElse(null);
                    if (refused != null) {
                        Responses.relay(ctx, refused);
                    } else {
                        Pages.Merged merged = Pages.merge(page, answers.stream().map(Peers.Relayed::body).toList(),
                                query.limit());
                        if (merged.partitions().size() < placement.partitionCount()) {
                            Responses.problem(ctx, Rejection.of(ErrorCode.CJ_E_UNAVAILABLE, "the list would be "
                                    + "incomplete: some partitions have no node serving them yet (rebalancing)"));
                        } else {
                            Responses.json(ctx, 200, merged.body());
                        }
                    }
                    return null;
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
