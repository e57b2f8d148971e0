package io.copyjobs.streams;

import io.copyjobs.job.Actor;
import io.copyjobs.job.Command;
import io.copyjobs.job.FileSpec;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobSpec;
import io.copyjobs.json.JobDocument;
import io.copyjobs.kafka.KeyPartitions;
import io.copyjobs.testing.TopologyDrivers;
import io.copyjobs.wire.CommandRecord;
import io.copyjobs.wire.IndexEntry;
import io.copyjobs.wire.Outcome;
import io.copyjobs.wire.OwnerMessage;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * The real topology of both steps in a {@link TopologyTestDriver}, fed as the command bus feeds it:
 * creates through the owner step, job commands straight to the job step, one outcome read per input.
 * The driver runs one task, partition 0 of the {@link #PARTITIONS} the node's default layout has:
 * an owner {@link #ownerIn in} partition 0 is one whose updates stay in the task, any other
 * owner's travel over {@code owner-commands} and come back in, as they would to another task.
 */
final class StepsDriver implements AutoCloseable {
    static final Instant START = Instant.parse("2026-11-24T10:00:00Z");
    static final KeyPartitions PARTITIONS = new KeyPartitions(12);

    final TopologyTestDriver driver;
    private final TestInputTopic<String, OwnerMessage> ownerIn;
    private final TestInputTopic<String, CommandRecord> commandsIn;
    private final TestOutputTopic<String, Outcome> outcomes;

    StepsDriver(Path dataDir, Map<String, String> settings) {
        driver = TopologyDrivers.start(dataDir, settings, JobWatcher.NONE, new ActiveJobStores(), START);
        ownerIn = TopologyDrivers.input(driver, TopologyDrivers.TOPICS.ownerCommands);
        commandsIn = TopologyDrivers.input(driver, TopologyDrivers.TOPICS.commands);
        outcomes = TopologyDrivers.output(driver, TopologyDrivers.TOPICS.outcomes);
    }

    /** The first name {@code prefix}-N whose partition is (or, with {@code in} false, is not) 0. */
    static String ownerIn(String prefix, boolean in) {
        return IntStream.iterate(0, i -> i + 1).mapToObj(i -> prefix + "-" + i)
                .filter(name -> (PARTITIONS.of(name) == 0) == in).findFirst().orElseThrow();
    }

    /** CreateJob of a job with {@code files} files, as the owner step receives it. */
    Outcome create(Actor actor, int files) {
        return create(actor, files, null);
    }

    /** CreateJob of a job with {@code files} files under an Idempotency-Key (null for none). */
    Outcome create(Actor actor, int files, String idempotencyKey) {
        CommandRecord c = CommandRecord.of(UUID.randomUUID().toString(), null, actor, idempotencyKey, START,
                createJob(files));
        ownerIn.pipeInput(actor.subject(), new OwnerMessage.Create(c));
        return outcomes.readValue();
    }

    /** The CreateJob {@link #create} sends: a job named "matrix" with {@code files} files. */
    static Command.CreateJob createJob(int files) {
        List<FileSpec> specs = IntStream.range(0, files)
                .mapToObj(i -> new FileSpec("https://example.com/" + i, "f" + i, null)).toList();
        return new Command.CreateJob(new JobSpec("matrix", null, null, null, specs, null, null, null));
    }

    /** One job command and its outcome. */
    Outcome send(Actor actor, JobId id, Command command) {
        return pipe(CommandRecord.of(UUID.randomUUID().toString(), id, actor, null, START, command));
    }

    /** A record on {@code commands} as it is, and its outcome. */
    Outcome pipe(CommandRecord command) {
        commandsIn.pipeInput(command.jobId().toString(), command);
        return outcomes.readValue();
    }

    /** The job as its store holds it now. */
    Job stored(JobId id) {
        return driver.<String, JobDocument>getKeyValueStore(Stores.JOBS.name()).get(id.toString()).job();
    }

    /** The owner step's count of {@code owner}'s unfinished jobs: 0 when it keeps none. */
    long quota(String owner) {
        Long n = driver.<String, Long>getKeyValueStore(Stores.OWNER_QUOTA.name()).get(owner);
        return n == null ? 0 : n;
    }

    /** One owner's list, {@code bucket} A (unfinished) or F (final). */
    List<IndexEntry> ownerList(String owner, String bucket) {
        return ownerList(driver, owner, bucket);
    }

    static List<IndexEntry> ownerList(TopologyTestDriver driver, String owner, String bucket) {
        KeyValueStore<String, IndexEntry> index = driver.getKeyValueStore(Stores.OWNER_INDEX.name());
        List<IndexEntry> out = new ArrayList<>();
        String prefix = OwnerIndexKeys.ownerPrefix(owner, bucket);
        try (KeyValueIterator<String, IndexEntry> it = index.range(prefix, OwnerIndexKeys.end(prefix))) {
            it.forEachRemaining(kv -> out.add(kv.value));
        }
        return out;
    }

    @Override
    public void close() {
        driver.close();
    }
}
