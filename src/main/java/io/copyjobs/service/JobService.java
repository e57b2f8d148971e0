package io.copyjobs.service;

import io.copyjobs.job.Actor;
import io.copyjobs.job.Command;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobRules;
import io.copyjobs.job.JobSpec;
import io.copyjobs.job.JobState;
import io.copyjobs.job.Rejection;
import io.copyjobs.metrics.Metrics;
import io.copyjobs.wire.CommandRecord;
import io.copyjobs.wire.Outcome;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The job operations as a caller sees them, with the access rule of SPEC §4 applied to every
 * read here (the job step applies it to every write). Knows nothing of HTTP or of other nodes:
 * reads are of this node's stores, and the cluster router decides which node reads.
 */
public final class JobService {
    private static final String RETRY_IS_SAFE = "retrying with the same Idempotency-Key is safe";
    private final CommandBus bus;
    private final JobReader reader;
    private final JobLister lister;
    private final Duration commandTimeout;
    private final Clock clock;
    private final Metrics metrics;

    public JobService(CommandBus bus, JobReader reader, JobLister lister, Duration commandTimeout, Clock clock,
                      Metrics metrics) {
        this.metrics = metrics;
        this.bus = bus;
        this.reader = reader;
        this.lister = lister;
        this.commandTimeout = commandTimeout;
        this.clock = clock;
    }

    /**
     * CreateJob: answered once the job step committed the new job or a step rejected it. The
     * outcome says which; an error here means the command's fate is unknown or it was not sent.
     */
    public CompletableFuture<Result<Outcome>> create(Actor actor, JobSpec spec, String idempotencyKey) {
        Optional<Rejection> problem = JobRules.checkSpec(spec);
        if (problem.isPresent()) {
            return CompletableFuture.completedFuture(Result.err(problem.get()));
        }
        CommandRecord record = CommandRecord.of(newCommandId(), null, actor, idempotencyKey, clock.instant(),
                new Command.CreateJob(spec));
        return await("CreateJob", bus.create(record));
    }

    /** Any command on an existing job; the job step checks access and state. */
    public CompletableFuture<Result<Outcome>> command(Actor actor, JobId id, Command.JobCommand command,
                                                      String idempotencyKey) {
        CommandRecord record = CommandRecord.of(newCommandId(), id, actor, idempotencyKey, clock.instant(), command);
        return await(command.operation(), bus.send(record));
    }

    /**
     * GetJob from this node's store: the job for its owner or an administrator; DO_E_NOT_FOUND
     * when there is none; E_ACCESSDENIED for anyone else, without a word about the job.
     *
     * @throws JobReader.StoreUnavailableException when this node cannot answer for the job now
     */
    public Result<JobReader.StoredJob> read(Actor actor, JobId id, boolean allowStandby) {
        Optional<JobReader.StoredJob> found = reader.find(id, allowStandby);
        if (found.isEmpty()) {
            return Result.err(Rejection.of(ErrorCode.DO_E_NOT_FOUND, "no job " + id));
        }
        if (!actor.mayAccess(found.get().document().owner())) {
            return Result.err(Rejection.of(ErrorCode.E_ACCESSDENIED, actor.subject() + " may not see job " + id));
        }
        return Result.ok(found.get());
    }

    /** EnumJobs of the caller's own jobs, from this node's copy of the caller's list. */
    public Result<JobLister.Page> listOwn(Actor actor, boolean allowStandby, Set<JobState> states, int limit,
                                          String after) {
        return Result.ok(lister.listOwner(actor.subject(), allowStandby, states, limit, after));
    }

    /** This node's share of EnumJobs for all users: administrators only. */
    public Result<JobLister.Page> listEveryone(Actor actor, Set<JobState> states, int limit, String after) {
        if (!actor.admin()) {
            return Result.err(Rejection.of(ErrorCode.E_ACCESSDENIED,
                    "allUsers: only administrators may list every user's jobs"));
        }
        return Result.ok(lister.listLocal(states, limit, after));
    }

    /**
     * The id that ties a command to its outcome. Made here, never taken from the client: every
     * node reads every outcome, so a client choosing it could collect another caller's answer.
     * Random (SecureRandom) so that it cannot be guessed either.
     */
    static String newCommandId() {
        return UUID.randomUUID().toString();
    }

    private CompletableFuture<Result<Outcome>> await(String operation, CompletableFuture<Outcome> outcome) {
        return outcome.orTimeout(commandTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((o, error) -> settle(outcome, o, error))
                .whenComplete((result, error) -> metrics.command(operation, outcomeTag(result)));
    }

    /** The outcome tag of the commands counter: applied, unchanged, or the rejection's code. */
    private static String outcomeTag(Result<Outcome> result) {
        if (result == null) {
            return ErrorCode.E_UNEXPECTED.name();
        }
        if (result instanceof Result.Err<Outcome> err) {
            return err.rejection().code().name();
        }
        Outcome o = ((Result.Ok<Outcome>) result).value();
        return o.status() == Outcome.Status.REJECTED ? o.code().name() : o.status().name().toLowerCase(Locale.ROOT);
    }

    private Result<Outcome> settle(CompletableFuture<Outcome> outcome, Outcome o, Throwable error) {
        if (error == null) {
            return Result.ok(o);
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (cause instanceof TimeoutException) {
            outcome.cancel(false);
            return Result.err(Rejection.of(ErrorCode.CJ_E_TIMEOUT, "the command was sent but its outcome "
                    + "did not arrive within " + commandTimeout.toSeconds()
                    + " s; " + RETRY_IS_SAFE));
        }
        if (cause instanceof CommandBus.NotSentException) {
            // Nothing was applied; the client must hear that trying again cannot apply it twice.
            return Result.err(Rejection.of(ErrorCode.CJ_E_UNAVAILABLE, cause.getMessage()
                    + "; nothing was applied, so " + RETRY_IS_SAFE));
        }
        if (cause instanceof CommandBus.OutcomeUnknownException) {
            return Result.err(Rejection.of(ErrorCode.CJ_E_TIMEOUT, cause.getMessage() + "; " + RETRY_IS_SAFE));
        }
        throw new CompletionException(cause);
    }
}
