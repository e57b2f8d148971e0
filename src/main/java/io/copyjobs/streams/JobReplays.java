package io.copyjobs.streams;

import io.copyjobs.job.Command;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobStateMachine;
import io.copyjobs.job.Rejection;
import io.copyjobs.wire.CommandRecord;
import io.copyjobs.wire.IdempotencyRecord;
import io.copyjobs.wire.Outcome;

import java.time.Instant;
import java.util.Optional;

/**
 * How the job step answers a command it has answered before: the owner step's replay of a
 * CreateJob it matched to its key, or a retry of any other operation under a key the job step keeps
 * ({@code job id, actor, key}).
 */
final class JobReplays {
    private static final char SEP = OwnerIndexKeys.SEP;

    private final KeptKeys keys;

    JobReplays(KeptKeys keys) {
        this.keys = keys;
    }

    /** The answer to {@code command} if it was answered before; empty for a fresh request. */
    Optional<Outcome> replayed(CommandRecord command, Optional<Job> current) {
        if (command.replay()) {
            // The owner step matched the request to its key; it made this job.
            return Optional.of(replay(command, current,
                    IdempotencyRecord.created(command.jobId(), command.issuedAt(), null), null));
        }
        return keys.first(key(command))
                .map(first -> replay(command, current, first, IdempotencyRecord.fingerprint(command.command())));
    }

    /** Keeps what a command sent with a key came to, for its retries. */
    void remember(CommandRecord command, Outcome outcome, Instant now) {
        String key = key(command);
        if (key != null) {
            keys.remember(key, IdempotencyRecord.of(outcome, now, IdempotencyRecord.fingerprint(command.command())));
        }
    }

    void forgetJob(String id) {
        keys.forgetAll(id + SEP);
    }

    /** The key a command is kept under, or null: none was sent, or it is a CreateJob's (the owner step's). */
    private static String key(CommandRecord command) {
        return command.idempotencyKey() == null || command.command() instanceof Command.CreateJob ? null
                : command.jobId() + String.valueOf(SEP) + command.actor() + SEP + command.idempotencyKey();
    }

    /**
     * A retry under a kept key: checked as a fresh request is (the job exists, the caller may
     * access it now: a key does not outlive the caller's access), then it must be the request
     * first sent under the key; only then the first outcome, with the job as it is now.
     */
    private static Outcome replay(CommandRecord command, Optional<Job> current, IdempotencyRecord first,
                                  String fingerprint) {
        if (current.isEmpty()) {
            return Outcome.rejected(command.requestId(), command.jobId(), Rejection.of(ErrorCode.DO_E_NOT_FOUND,
                    "no job " + command.jobId()));
        }
        Optional<Rejection> refused = JobStateMachine.checkAccess(current.get(), command.command(),
                command.actorValue())
                .or(() -> first.sameRequest(fingerprint) ? Optional.empty() : Optional.of(IdempotencyRecord.reused()));
        return refused.isPresent() ? Outcome.rejected(command.requestId(), command.jobId(), refused.get())
                : Outcome.replay(command.requestId(), first, current.get());
    }
}
