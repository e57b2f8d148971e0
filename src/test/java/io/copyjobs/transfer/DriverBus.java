package io.copyjobs.transfer;

import io.copyjobs.job.Actor;
import io.copyjobs.job.Command;
import io.copyjobs.job.FileSpec;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobSpec;
import io.copyjobs.job.JobState;
import io.copyjobs.json.JobDocument;
import io.copyjobs.kafka.Topics;
import io.copyjobs.service.CommandBus;
import io.copyjobs.streams.ActiveJobStores;
import io.copyjobs.streams.JobWatcher;
import io.copyjobs.streams.Stores;
import io.copyjobs.testing.TopologyDrivers;
import io.copyjobs.wire.CommandRecord;
import io.copyjobs.wire.Outcome;
import io.copyjobs.wire.OwnerMessage;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's commands applied by the real job step: a {@link CommandBus} on a
 * {@link TopologyTestDriver} of the node's topology, whose watcher is the engine under test. Each
 * command is piped in (one at a time: the driver is not thread-safe) and answered with its outcome;
 * the driver's wall clock, the job step's "now", follows the engine's clock. It counts the
 * commands by operation and keeps every job snapshot written to the {@code jobs} topic.
 */
final class DriverBus implements CommandBus, AutoCloseable {
    private final Topics topics = TopologyDrivers.TOPICS;
    private final Clock clock;
    private final Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, OwnerMessage> owners;
    private TestInputTopic<String, CommandRecord> commands;
    private TestOutputTopic<String, Outcome> outcomes;
    private TestOutputTopic<String, Job> snapshots;
    private Instant driverNow;

    DriverBus(Clock clock) {
        this.clock = clock;
    }

    /** Starts the topology, its job step telling {@code watcher} (the engine) of its jobs. */
    synchronized void start(Path dataDir, JobWatcher watcher) {
        driverNow = clock.instant();
        driver = TopologyDrivers.start(dataDir, Map.of(), watcher, new ActiveJobStores(), driverNow);
        owners = TopologyDrivers.input(driver, topics.ownerCommands);
        commands = TopologyDrivers.input(driver, topics.commands);
        outcomes = TopologyDrivers.output(driver, topics.outcomes);
        snapshots = TopologyDrivers.output(driver, topics.jobs);
    }

    @Override
    public synchronized CompletableFuture<Outcome> create(CommandRecord command) {
        catchUp();
        owners.pipeInput(command.actor(), new OwnerMessage.Create(command));
        return CompletableFuture.completedFuture(outcome(command));
    }

    @Override
    public synchronized CompletableFuture<Outcome> send(CommandRecord command) {
        sent.computeIfAbsent(command.command().operation(), k -> new AtomicInteger()).incrementAndGet();
        catchUp();
        commands.pipeInput(command.jobId().toString(), command);
        return CompletableFuture.completedFuture(outcome(command));
    }

    /** A user's command, as the HTTP API would send it. */
    Outcome send(Actor actor, JobId id, Command.JobCommand command) {
        return send(CommandRecord.of(UUID.randomUUID().toString(), id, actor, null, clock.instant(), command)).join();
    }

    /** How many commands of this operation ("TransferError", "Retry", …) were sent. */
    int sent(String operation) {
        AtomicInteger n = sent.get(operation);
        return n == null ? 0 : n.get();
    }

    /** The job as the job step holds it, with its JSON. */
    /** Creates a job of {@code owner} with one file from {@code url} named {@code name}, SUSPENDED as every new job is. */
    JobId createOneFile(Actor owner, String url, String name) {
        CommandRecord create = CommandRecord.of(UUID.randomUUID().toString(), null, owner, null, Clock.systemUTC().instant(),
                new Command.CreateJob(new JobSpec(name, null, null, null,
                        List.of(new FileSpec(url, name + ".bin", null)), null, null, null)));
        return create(create).join().jobId();
    }

    /** The job's state as the job step last wrote it. */
    JobState state(JobId id) {
        return document(id).job().state();
    }

    synchronized JobDocument document(JobId id) {
        return driver.<String, JobDocument>getKeyValueStore(Stores.JOBS.name()).get(id.toString());
    }

    /** The snapshots written to the {@code jobs} topic since the last call. */
    synchronized List<Job> written() {
        return snapshots.readValuesToList();
    }

    /** The job step's now is the engine's: the driver's wall clock moves to the engine's clock. */
    private void catchUp() {
        // In whole milliseconds, the driver's unit: it dropped the rest of each step, and fell behind.
        long ms = Duration.between(driverNow, clock.instant()).toMillis();
        if (ms > 0) {
            driver.advanceWallClockTime(Duration.ofMillis(ms));
            driverNow = driverNow.plusMillis(ms);
        }
    }

    private Outcome outcome(CommandRecord command) {
        return outcomes.readValuesToList().stream().filter(o -> o.requestId().equals(command.requestId()))
                .findFirst().orElseThrow(() -> new IllegalStateException("no outcome for " + command));
    }

    @Override
    public synchronized void close() {
        if (driver != null) {
            driver.close();
        }
    }
}
