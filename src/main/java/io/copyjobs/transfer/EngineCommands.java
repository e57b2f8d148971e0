package io.copyjobs.transfer;

import io.copyjobs.job.Actor;
import io.copyjobs.job.Command;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobId;
import io.copyjobs.service.CommandBus;
import io.copyjobs.wire.CommandRecord;
import io.copyjobs.wire.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The engine's commands to the job step, sent as the system, and which jobs have one on its way:
 * while a command is unanswered the job's state is about to change, so the scheduler leaves it be.
 */
final class EngineCommands {
    private static final Logger LOG = LoggerFactory.getLogger(EngineCommands.class);
    private final CommandBus bus;
    private final Clock clock;
    private final Consumer<Job> applied;
    private final Map<JobId, AtomicInteger> awaiting = new ConcurrentHashMap<>();

    /** @param applied hears of the job as a command left it, when its outcome carries the job */
    EngineCommands(CommandBus bus, Clock clock, Consumer<Job> applied) {
        this.bus = bus;
        this.clock = clock;
        this.applied = applied;
    }

    /** Sends a command as the system; the job id is "awaiting" until its outcome arrives. */
    CompletableFuture<Outcome> send(JobId id, Command.JobCommand command) {
        hold(id);
        CommandRecord record = CommandRecord.of(UUID.randomUUID().toString(), id, Actor.SYSTEM, null, clock.instant(),
                command);
        return bus.send(record).orTimeout(30, TimeUnit.SECONDS).whenComplete((o, e) -> {
            if (e != null) {
                LOG.warn("{} for job {} has no outcome: {}", command.operation(), id, e.toString());
            } else if (o.status() == Outcome.Status.REJECTED) {
                LOG.debug("{} for job {} refused: {} {}", command.operation(), id, o.code(), o.detail());
            } else if (o.job() != null) {
                applied.accept(o.job());
            }
            // Only now: a job whose last report no transfer thread waits for would otherwise look idle, in the state
            // before the report, to the scheduler, which would begin its transfer again.
            release(id);
        });
    }

    /** Two commands in a row, the job "awaiting" from the first one's sending to the second's outcome. */
    CompletableFuture<Outcome> sendInTurn(JobId id, Command.JobCommand first, Command.JobCommand second) {
        hold(id);
        send(id, first);
        return send(id, second).whenComplete((o, e) -> release(id));
    }

    /** True while a command for the job is on its way. */
    boolean awaiting(JobId id) {
        AtomicInteger n = awaiting.get(id);
        return n != null && n.get() > 0;
    }

    Set<JobId> awaitingJobs() {
        return awaiting.keySet();
    }

    private void hold(JobId id) {
        awaiting.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    }

    private void release(JobId id) {
        awaiting.computeIfPresent(id, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }
}
