package io.copyjobs.testing;

import io.copyjobs.service.CommandBus;
import io.copyjobs.wire.CommandRecord;
import io.copyjobs.wire.Outcome;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A command bus that answers each command as the test says (an outcome, a failure of the bus, or
 * never) and keeps every command it was given, so that a test can assert what a route sent:
 * actor, operation, Idempotency-Key, If-Match, files. The subject of such a test is the HTTP edge,
 * the mapping of requests to commands and of outcomes to answers; what the steps do with a command
 * is tested on the real topology by StepsTopologyTest and StateMatrixTopologyTest.
 */
public final class ScriptedCommandBus implements CommandBus {
    /** Which step a command was sent to: the owner step (CreateJob) or the job step. */
    public enum Step { OWNER, JOB }

    /** A command as the bus received it. */
    public record Sent(Step step, CommandRecord command) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private volatile Function<CommandRecord, CompletableFuture<Outcome>> answer = c -> new CompletableFuture<>();

    /** Answers every command from now on with the outcome {@code outcome} makes of it. */
    public void answer(Function<CommandRecord, Outcome> outcome) {
        answer = c -> CompletableFuture.completedFuture(outcome.apply(c));
    }

    /**
     * Fails every command from now on with {@code failure}, as the Kafka bus fails a future:
     * {@link CommandBus.NotSentException} or {@link CommandBus.OutcomeUnknownException}.
     */
    public void fail(RuntimeException failure) {
        answer = c -> CompletableFuture.failedFuture(failure);
    }

    /** Never answers a command from now on: its outcome does not arrive, as when no step commits it. */
    public void neverAnswer() {
        answer = c -> new CompletableFuture<>();
    }

    /** Every command received, in order. */
    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** The one command received; fails the test when there were none or several. */
    public Sent only() {
        if (sent.size() != 1) {
            throw new AssertionError("expected one command, the bus received " + sent);
        }
        return sent.get(0);
    }

    /** Forgets the commands received and answers none. */
    public void reset() {
        sent.clear();
        neverAnswer();
    }

    @Override
    public CompletableFuture<Outcome> create(CommandRecord command) {
        sent.add(new Sent(Step.OWNER, command));
        return answer.apply(command);
    }

    @Override
    public CompletableFuture<Outcome> send(CommandRecord command) {
        sent.add(new Sent(Step.JOB, command));
        return answer.apply(command);
    }
}
