package io.copyjobs.streams;

import io.copyjobs.job.Actor;
import io.copyjobs.job.Command;
import io.copyjobs.job.FileSpec;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobSpec;
import io.copyjobs.json.JobDocument;
import io.copyjobs.testing.TopologyDrivers;
import io.copyjobs.wire.CommandRecord;
import io.copyjobs.wire.Outcome;
import io.copyjobs.wire.OwnerMessage;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * The real topology of both steps in a {@link TopologyTestDriver}, fed as the command bus feeds it:
 * creates through the owner step, job commands straight to the job step, one outcome read per input.
 */
final class StepsDriver implements AutoCloseable {
    static final Instant START = Instant.parse("2026-11-24T10:00:00Z");

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

    /** CreateJob of a job with {@code files} files, as the owner step receives it. */
    Outcome create(Actor actor, int files) {
        List<FileSpec> specs = IntStream.range(0, files)
                .mapToObj(i -> new FileSpec("https://example.com/" + i, "f" + i, null)).toList();
        CommandRecord c = CommandRecord.of(UUID.randomUUID().toString(), null, actor, null, START,
                new Command.CreateJob(new JobSpec("matrix", null, null, null, specs, null, null)));
        ownerIn.pipeInput(actor.subject(), new OwnerMessage.Create(c));
        return outcomes.readValue();
    }

    /** One job command and its outcome. */
    Outcome send(Actor actor, JobId id, Command command) {
        commandsIn.pipeInput(id.toString(), CommandRecord.of(UUID.randomUUID().toString(), id, actor, null, START,
                command));
        return outcomes.readValue();
    }

    /** The job as its store holds it now. */
    Job stored(JobId id) {
        return driver.<String, JobDocument>getKeyValueStore(Stores.JOBS.name()).get(id.toString()).job();
    }

    @Override
    public void close() {
        driver.close();
    }
}
