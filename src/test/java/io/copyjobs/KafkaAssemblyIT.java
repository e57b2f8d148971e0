package io.copyjobs;

import io.copyjobs.config.Config;
import io.copyjobs.kafka.Topics;
import io.copyjobs.metrics.Metrics;
import io.copyjobs.streams.Stores;
import io.copyjobs.streams.StreamsSettings;
import io.copyjobs.streams.TopicSetup;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A node's Kafka on a fresh embedded broker, before Streams or any group or transaction uses it. */
class KafkaAssemblyIT {
    static Metrics metrics;
    static KafkaAssembly kafka;

    @BeforeAll
    static void start() throws IOException {
        Path dir = Files.createTempDirectory("copyjobs-kafka-assembly");
        Config config = Config.fromMap(Map.of("COPYJOBS_DATA_DIR", dir.toString(), "COPYJOBS_PARTITIONS", "1",
                "COPYJOBS_EMBEDDED_KAFKA_PORT", Integer.toString(freePort()),
                "COPYJOBS_EMBEDDED_CONTROLLER_PORT", Integer.toString(freePort())));
        metrics = new Metrics();
        kafka = KafkaAssembly.start(config.kafka(), config.topics(), dir, metrics);
    }

    @AfterAll
    static void stop() {
        kafka.close();
        metrics.close();
    }

    /**
     * The broker makes its offsets and transaction topics only when a coordinator is first asked
     * for; the assembly asks at once, so that Streams does not wait for them after its rebalance.
     */
    @Test
    void a_fresh_embedded_broker_makes_its_offsets_and_transaction_topics_while_the_node_starts() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                kafka.admin().listTopics(new ListTopicsOptions().listInternal(true)).names().get())
                .contains("__consumer_offsets", "__transaction_state"));
    }

    /** Read while the topics were set up: the embedded broker's floor (2 s) lets the node ask for its own shortest. */
    @Test
    void the_session_timeout_is_the_shortest_the_broker_accepts() {
        assertThat(kafka.sessionTimeout()).isEqualTo(StreamsSettings.MIN_SESSION_TIMEOUT_MS);
    }

    /** Nothing reads the broker's metrics over JMX; registering them there was CPU taken from the start. */
    @Test
    void the_embedded_broker_registers_no_metrics_in_jmx() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        for (String domain : List.of("kafka.server", "kafka.network", "kafka.log", "kafka.controller")) {
            // Only the version and commit, which Kafka registers itself, outside its metrics.
            assertThat(jmx.queryNames(new ObjectName(domain + ":*"), null)).as(domain)
                    .allSatisfy(name -> assertThat(name.getKeyProperty("type")).isEqualTo("app-info"));
        }
    }

    /**
     * The stores' changelogs are made with the node's topics but not waited for then; once
     * {@code awaitServed} returns, their leader answers their end offsets, as Streams' first
     * assignment asks for them, within a bound too short for the client's back-off to hide a retry.
     */
    @Test
    void once_served_every_changelog_answers_its_end_offset_at_once() throws Exception {
        List<String> changelogs = Stores.changelogs(kafka.settings().applicationId()).stream()
                .map(Topics.Layout::name).toList();
        TopicSetup.awaitServed(kafka.admin(), changelogs, 1);
        Map<TopicPartition, OffsetSpec> latest = changelogs.stream()
                .collect(Collectors.toMap(name -> new TopicPartition(name, 0), name -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = kafka.admin()
                .listOffsets(latest, new ListOffsetsOptions().timeoutMs(90)).all().get();
        assertThat(ends).hasSize(changelogs.size()).allSatisfy((partition, end) -> assertThat(end.offset()).isZero());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
