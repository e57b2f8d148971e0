package io.copyjobs.testing;

import io.copyjobs.config.Config;
import io.copyjobs.kafka.KeyPartitions;
import io.copyjobs.kafka.Topic;
import io.copyjobs.kafka.Topics;
import io.copyjobs.streams.ActiveJobStores;
import io.copyjobs.streams.CopyJobsTopology;
import io.copyjobs.streams.JobWatcher;
import io.copyjobs.streams.StreamsSettings;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.HostInfo;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The node's real topology in a {@link TopologyTestDriver}, configured as a node is (its Streams
 * settings, one partition), and its topics with their own serdes: what every topology test shares.
 */
public final class TopologyDrivers {
    /** The topic names of every topology test. */
    public static final Topics TOPICS = new Topics("copyjobs.");

    private TopologyDrivers() {
    }

    /**
     * A driver of the topology whose job step tells {@code watcher} of its jobs and lends its stores
     * to {@code active}, with its state under {@code dataDir}, {@code settings} (COPYJOBS_*) over
     * the defaults, and its wall clock at {@code start}.
     */
    public static TopologyTestDriver start(Path dataDir, Map<String, String> settings, JobWatcher watcher,
                                           ActiveJobStores active, Instant start) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("COPYJOBS_DATA_DIR", dataDir.toString());
        Config config = Config.fromMap(all);
        return new TopologyTestDriver(CopyJobsTopology.build(TOPICS,
                new KeyPartitions(config.topics().partitions()), config.steps(), watcher, active),
                StreamsSettings.streamsConfig(config.kafka(), new HostInfo("localhost", 8080), config.dataDir(), TOPICS,
                        1, StreamsSettings.MIN_SESSION_TIMEOUT_MS), start);
    }

    public static <K, V> TestInputTopic<K, V> input(TopologyTestDriver driver, Topic<K, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    public static <K, V> TestOutputTopic<K, V> output(TopologyTestDriver driver, Topic<K, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }
}
