package io.copyjobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.job.Actor;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobState;
import io.copyjobs.job.Rejection;
import io.copyjobs.json.JobDocument;
import io.copyjobs.json.Json;
import io.copyjobs.metrics.Metrics;
import io.copyjobs.service.JobLister;
import io.copyjobs.service.JobReader;
import io.copyjobs.service.JobService;
import io.copyjobs.service.Result;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The distributed read of one key (SPEC §6), for GetJob, EnumJobs of one owner, and the routes
 * that need a job (its files' bytes, its event stream): this node's copy when it holds the active
 * one, answered at once; else the node that does, forwarded once; else a standby replica, marked
 * stale ({@link Router} keeps that order and its deadlines). Access is checked by the node whose
 * store answers ({@link JobService}), and so is {@value #MIN_VERSION}. GetJob and EnumJobs are
 * metered here, by how they were served.
 */
public final class JobReads {
    /** The request header that asks for a job at least this version, else CJ_E_UNAVAILABLE. */
    public static final String MIN_VERSION = "Copyjobs-Min-Version";

    private final JobService service;
    private final Router router;
    private final Locator locator;
    private final Metrics metrics;

    public JobReads(JobService service, Router router, Locator locator, Metrics metrics) {
        this.service = service;
        this.router = router;
        this.locator = locator;
        this.metrics = metrics;
    }

    /**
     * Who asks: the verified caller; whether another node forwarded the request (then this node's
     * own copy answers, and it is never forwarded again); what a peer is sent on the caller's behalf.
     */
    public record Caller(Actor actor, boolean forwarded, Supplier<Map<String, String>> headers) {
    }

    /**
     * GetJob. Complete on return when this node holds the job's active copy: the common case needs
     * no asynchronous answer. {@code minVersion} may be null. A copy older than it is metered as
     * the read it was (local or standby), then refused: it says nothing about the node's health.
     */
    public CompletableFuture<Answer<JobDocument>> job(Caller caller, JobId id, Long minVersion) {
        long start = System.nanoTime();
        return metered(start, jobRead(caller.forwarded(), caller.actor(), id, caller.headers()))
                .thenApply(answer -> atLeast(answer, id, minVersion));
    }

    /**
     * The job as GetJob would answer it, decoded (a peer's answer too), for routes that need the job
     * rather than its JSON. Routed even when the request was itself forwarded (to the node holding
     * a file's bytes): the job's lookup is another resource, and the node asked for it answers it.
     * No minimum version: the caller's applies to its own request, not to this lookup.
     */
    public CompletableFuture<Result<Job>> jobOf(Caller caller, JobId id) {
        Supplier<Map<String, String>> headers = () -> {
            Map<String, String> all = new HashMap<>(caller.headers().get());
            all.remove(MIN_VERSION);
            return all;
        };
        return jobRead(false, caller.actor(), id, headers)
                .thenApply(answer -> answer.fold(found -> Result.ok(found.value().job()), JobReads::job, Result::err));
    }

    private CompletableFuture<Answer<JobDocument>> jobRead(boolean forwarded, Actor actor, JobId id,
                                                           Supplier<Map<String, String>> headers) {
        return read(forwarded, () -> locator.ofJob(id.toString()), standby -> service.read(actor, id, standby)
                .fold(stored -> new Answer.Found<>(stored.document(), stored.standby(), stored.lag()),
                        Answer::refused), "/v1/jobs/" + id, headers);
    }

    /**
     * EnumJobs of the caller's own jobs, where the owner step holds the caller's list;
     * {@code peerPath} is the same query as a peer is asked it, written from checked values.
     */
    public CompletableFuture<Answer<JobLister.Page>> ownList(Caller caller, Set<JobState> states, int limit,
                                                             String after, String peerPath) {
        long start = System.nanoTime();
        return metered(start, read(caller.forwarded(), () -> locator.ofOwner(caller.actor().subject()),
                standby -> service.listOwn(caller.actor(), standby, states, limit, after)
                        .fold(page -> new Answer.Found<>(page, page.standby(), page.lag()), Answer::refused),
                peerPath, caller.headers()));
    }

    /**
     * @param local reads this node's copy (its argument: whether a standby copy will do), or throws
     *              {@link JobReader.StoreUnavailableException} when it cannot now
     */
    private <T> CompletableFuture<Answer<T>> read(boolean forwarded, Supplier<Placement.Location> locate,
                                                  Function<Boolean, Answer<T>> local, String peerPath,
                                                  Supplier<Map<String, String>> headers) {
        if (forwarded) {
            return router.here(local);
        }
        if (locator.activeHere(locate.get())) {
            // The common case, the one the GetJob bench measures: a store lookup, no waiting. The
            // router would answer it at once too, but after building its attempt (an order of
            // hosts, a deadline, a timeout answer).
            try {
                return CompletableFuture.completedFuture(local.apply(false));
            } catch (JobReader.StoreUnavailableException movedOrRestoring) {
                // Another copy may answer: the router looks again.
            }
        }
        return router.route(locate, local, peerPath, headers.get());
    }

    /** A job read here, unless it is older than the caller asked for; a peer checks its own copy. */
    private static Answer<JobDocument> atLeast(Answer<JobDocument> answer, JobId id, Long minVersion) {
        if (minVersion == null || !(answer instanceof Answer.Found<JobDocument> found)
                || found.value().version() >= minVersion) {
            return answer;
        }
        return Answer.unavailable("this node can answer only with version " + found.value().version() + " of job "
                + id + ", older than " + MIN_VERSION + " " + minVersion);
    }

    private <T> CompletableFuture<Answer<T>> metered(long start, CompletableFuture<Answer<T>> answer) {
        return answer.thenApply(a -> {
            metrics.lookup(servedBy(a), System.nanoTime() - start);
            return a;
        });
    }

    /** How a read was served, for the lookups meter: local, standby, forwarded[_status] or unavailable. */
    static String servedBy(Answer<?> answer) {
        return answer.fold(found -> found.stale() ? "standby" : "local",
                relayed -> relayed.status() == 200 ? "forwarded" : "forwarded_" + relayed.status(),
                rejection -> rejection.code() == ErrorCode.CJ_E_UNAVAILABLE ? "unavailable" : "local");
    }

    /** A peer's GetJob answer as a job, or as the rejection its problem body names. */
    private static Result<Job> job(Peers.Relayed answer) {
        try {
            JsonNode body = Json.wire().readTree(answer.body());
            if (answer.status() == 200) {
                return Result.ok(Json.wire().treeToValue(body, Job.class));
            }
            return Result.err(Rejection.of(ErrorCode.valueOf(body.get("code").asText()), body.get("detail").asText()));
        } catch (IOException | RuntimeException e) {
            return Result.err(Rejection.of(ErrorCode.CJ_E_UNAVAILABLE, "a node answered " + answer.status()
                    + " with a body that is not a job"));
        }
    }
}
