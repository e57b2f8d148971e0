package io.copyjobs.service;

import io.copyjobs.job.Actor;
import io.copyjobs.job.Command;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobRules;
import io.copyjobs.job.JobSpec;
import io.copyjobs.job.JobState;
import io.copyjobs.job.Rejection;
import io.copyjobs.streams.CommandRecord;
import io.copyjobs.streams.Outcome;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The job operations as a caller sees them, with the access rule of SPEC §4 applied to every
 * read here (the job step applies it to every write). Knows nothing of HTTP.
 */
public final class JobService {
    private final CommandBus bus;
    private final JobReader reader;
    private final JobLister lister;
    private final Duration commandTimeout;
    /** How long a read waits for a store that is being moved or restored. */
    static final Duration READ_DEADLINE = Duration.ofSeconds(3);
    static final Duration RETRY_DELAY = Duration.ofMillis(50);

    private final Clock clock;
    private final ScheduledExecutorService scheduler;

    /**
     * @param scheduler runs read retries and command deadlines, so no request thread waits
     */
    public JobService(CommandBus bus, JobReader reader, JobLister lister, Duration commandTimeout, Clock clock,
                      ScheduledExecutorService scheduler) {
        this.bus = bus;
        this.reader = reader;
        this.lister = lister;
        this.commandTimeout = commandTimeout;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    /**
     * CreateJob: answered once the job step committed the new job or a step rejected it. The
     * outcome says which; an error here means the command's fate is unknown or it was not sent.
     */
    public CompletableFuture<Result<Outcome>> create(Actor actor, JobSpec spec, String idempotencyKey,
                                                     String requestId) {
        Optional<Rejection> problem = JobRules.checkSpec(spec);
        if (problem.isPresent()) {
            return CompletableFuture.completedFuture(Result.err(problem.get()));
        }
        CommandRecord record = CommandRecord.of(requestId, null, actor, idempotencyKey, clock.instant(),
                new Command.CreateJob(spec));
        return await(bus.create(record));
    }

    /** Any command on an existing job; the job step checks access and state. */
    public CompletableFuture<Result<Outcome>> command(Actor actor, JobId id, Command.JobCommand command,
                                                      String idempotencyKey, String requestId) {
        CommandRecord record = CommandRecord.of(requestId, id, actor, idempotencyKey, clock.instant(), command);
        return await(bus.send(record));
    }

    /**
     * GetJob from this node's stores, waiting out a store that is briefly unqueryable (rebalance,
     * restoration) until the read deadline, then CJ_E_UNAVAILABLE.
     */
    public CompletableFuture<Result<JobReader.StoredJob>> get(Actor actor, JobId id) {
        return retrying(() -> read(actor, id), "job " + id);
    }

    /**
     * EnumJobs: the caller's jobs, or everyone's for an administrator who asks ({@code allUsers}).
     */
    public CompletableFuture<Result<JobLister.Page>> list(Actor actor, boolean allUsers, Set<JobState> states,
                                                          int limit, String after) {
        if (allUsers && !actor.admin()) {
            return CompletableFuture.completedFuture(Result.err(Rejection.of(ErrorCode.E_ACCESSDENIED,
                    "allUsers: only administrators may list every user's jobs")));
        }
        return retrying(() -> Result.ok(lister.list(allUsers ? null : actor.subject(), states, limit, after)),
                "the job list");
    }

    /**
     * Runs a store read, waiting out a store that is briefly unqueryable (rebalance, restoration)
     * until the read deadline, then CJ_E_UNAVAILABLE. Retries are scheduled, never slept.
     */
    private <T> CompletableFuture<Result<T>> retrying(Supplier<Result<T>> read, String what) {
        CompletableFuture<Result<T>> answer = new CompletableFuture<>();
        attempt(read, what, clock.millis() + READ_DEADLINE.toMillis(), answer);
        return answer;
    }

    private <T> void attempt(Supplier<Result<T>> read, String what, long deadline, CompletableFuture<Result<T>> answer) {
        try {
            answer.complete(read.get());
        } catch (JobReader.StoreUnavailableException e) {
            if (clock.millis() + RETRY_DELAY.toMillis() > deadline) {
                answer.complete(Result.err(Rejection.of(ErrorCode.CJ_E_UNAVAILABLE,
                        "the store holding " + what + " is not queryable yet (" + e.getMessage() + ")")));
            } else {
                scheduler.schedule(() -> attempt(read, what, deadline, answer), RETRY_DELAY.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        }
    }

    /**
     * GetJob once: the job for its owner or an administrator; DO_E_NOT_FOUND when there is none;
     * E_ACCESSDENIED for anyone else, without a word about the job.
     *
     * @throws JobReader.StoreUnavailableException when the store cannot be read now
     */
    public Result<JobReader.StoredJob> read(Actor actor, JobId id) {
        Optional<JobReader.StoredJob> found = reader.find(id);
        if (found.isEmpty()) {
            return Result.err(Rejection.of(ErrorCode.DO_E_NOT_FOUND, "no job " + id));
        }
        if (!actor.mayAccess(found.get().job())) {
            return Result.err(Rejection.of(ErrorCode.E_ACCESSDENIED, actor.subject() + " may not see job " + id));
        }
        return Result.ok(found.get());
    }

    /** A fresh request id for a command that came without one. */
    public static String newRequestId() {
        return UUID.randomUUID().toString();
    }

    private CompletableFuture<Result<Outcome>> await(CompletableFuture<Outcome> outcome) {
        return outcome.orTimeout(commandTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((o, error) -> {
                    if (error == null) {
                        return Result.ok(o);
                    }
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    if (cause instanceof TimeoutException) {
                        outcome.cancel(false);
                        return Result.err(Rejection.of(ErrorCode.CJ_E_TIMEOUT, "the command was sent but its outcome "
                                + "did not arrive within " + commandTimeout.toSeconds()
                                + " s; retrying with the same Idempotency-Key is safe"));
                    }
                    if (cause instanceof CommandBus.NotSentException) {
                        return Result.err(Rejection.of(ErrorCode.CJ_E_UNAVAILABLE, cause.getMessage()));
                    }
                    throw new CompletionException(cause);
                });
    }
}
