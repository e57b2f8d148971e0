package io.copyjobs.service;

import io.copyjobs.wire.CommandRecord;
import io.copyjobs.wire.Outcome;

import java.util.concurrent.CompletableFuture;

/**
 * Where commands go: each future completes with the command's committed outcome, or fails with
 * {@link NotSentException} when the command never reached Kafka.
 */
public interface CommandBus {

    /** A CreateJob, to the owner step. */
    CompletableFuture<Outcome> create(CommandRecord command);

    /** A command on an existing job, to the job step. */
    CompletableFuture<Outcome> send(CommandRecord command);

    /**
     * The producer gave up on the command after it may have reached Kafka (a delivery timeout of a
     * batch in flight): it may yet be applied, so the answer is CJ_E_TIMEOUT, not "not sent".
     */
    final class OutcomeUnknownException extends RuntimeException {
        public OutcomeUnknownException(Throwable cause) {
            super("the command's delivery to Kafka could not be confirmed: " + cause.getMessage(), cause);
        }
    }

    /** Kafka did not take the command: nothing was applied, and the caller may retry. */
    final class NotSentException extends RuntimeException {
        public NotSentException(Throwable cause) {
            super("the command could not be written to Kafka: " + cause.getMessage(), cause);
        }
    }
}
