package io.copyjobs.service;

import io.copyjobs.streams.CommandRecord;
import io.copyjobs.streams.Outcome;

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

    /** Kafka did not take the command: nothing was applied, and the caller may retry. */
    final class NotSentException extends RuntimeException {
        public NotSentException(Throwable cause) {
            super("the command could not be written to Kafka: " + cause.getMessage(), cause);
        }
    }
}
