package io.copyjobs.streams;

import io.copyjobs.config.Config;
import io.copyjobs.job.Actor;
import io.copyjobs.job.Command;
import io.copyjobs.job.FileSpec;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobSpec;
import io.copyjobs.json.JobDocument;
import io.copyjobs.kafka.Topics;
import io.copyjobs.wire.CommandRecord;
import io.copyjobs.wire.Outcome;
import io.copyjobs.wire.OwnerMessage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.HostInfo;

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
        Topics topics = new Topics("copyjobs.");
        Map<String, String> all = new HashMap<>(settings);
        all.put("COPYJOBS_DATA_DIR", dataDir.toString());
        Config config = Config.fromMap(all);
        driver = new TopologyTestDriver(CopyJobsTopology.build(topics, config.steps(), JobWatcher.NONE,
                new ActiveJobStores()), StreamsSettings.streamsConfig(config.kafka(), new HostInfo("localhost", 8080),
                config.dataDir(), topics, 1, StreamsSettings.MIN_SESSION_TIMEOUT_MS), START);
        ownerIn = driver.createInputTopic(topics.ownerCommands.name(), Serdes.String().serializer(),
                topics.ownerCommands.valueSerde().serializer());
        commandsIn = driver.createInputTopic(topics.commands.name(), Serdes.String().serializer(),
                topics.commands.valueSerde().serializer());
        outcomes = driver.createOutputTopic(topics.outcomes.name(), Serdes.String().deserializer(),
                topics.outcomes.valueSerde().deserializer());
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
