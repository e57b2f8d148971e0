package io.copyjobs.it;

import io.copyjobs.Node;
import io.copyjobs.config.Config;
import io.copyjobs.config.ConfigException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a node starts and survives bad input on its topics, on a real broker. */
class NodeStartupIT {
    static String namespace = TestNode.freshNamespace("startup");
    static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(namespace, Map.of());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** A node's settings on the test broker with its secret, a data directory and a free HTTP port, then {@code more}. */
    static Config onTheTestBroker(Path dir, Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "COPYJOBS_BOOTSTRAP_SERVERS", TestBroker.bootstrapServers(),
                "COPYJOBS_DATA_DIR", dir.toString(),
                "COPYJOBS_HTTP_PORT", Integer.toString(TestBroker.freePort()),
                "COPYJOBS_AUTH_HS256_SECRET", TestNode.SECRET));
        settings.putAll(more);
        return Config.fromMap(settings);
    }

    @Test
    void a_node_on_external_kafka_without_auth_settings_or_dev_key_refuses_to_start(@TempDir Path dir) {
        Config config = Config.fromMap(Map.of(
                "COPYJOBS_BOOTSTRAP_SERVERS", TestBroker.bootstrapServers(),
                "COPYJOBS_DATA_DIR", dir.toString(),
                "COPYJOBS_HTTP_PORT", Integer.toString(TestBroker.freePort()),
                "COPYJOBS_TOPIC_PREFIX", TestNode.freshNamespace("noauth") + "."));
        assertThatThrownBy(() -> Node.start(config)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("COPYJOBS_AUTH_HS256_SECRET").hasMessageContaining("dev key");
    }

    /** With a JWKS URL the nodes share no secret to prove their forwards with: one must be set. */
    @Test
    void a_node_with_a_jwks_url_and_no_node_secret_refuses_to_start(@TempDir Path dir) {
        Map<String, String> env = Map.of(
                "COPYJOBS_BOOTSTRAP_SERVERS", TestBroker.bootstrapServers(),
                "COPYJOBS_DATA_DIR", dir.toString(),
                "COPYJOBS_HTTP_PORT", Integer.toString(TestBroker.freePort()),
                "COPYJOBS_AUTH_JWKS_URL", "https://issuer.example.com/.well-known/jwks.json",
                "COPYJOBS_TOPIC_PREFIX", TestNode.freshNamespace("jwks") + ".");
        assertThatThrownBy(() -> Node.start(Config.fromMap(env))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("COPYJOBS_NODE_SECRET").hasMessageContaining("COPYJOBS_AUTH_JWKS_URL");
        Map<String, String> shortSecret = new HashMap<>(env);
        shortSecret.put("COPYJOBS_NODE_SECRET", "too-short");
        assertThatThrownBy(() -> Config.fromMap(shortSecret)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("COPYJOBS_NODE_SECRET: must be at least 32 bytes");
    }

    @Test
    void an_existing_topic_with_another_partition_count_is_a_clear_start_up_error(@TempDir Path dir) {
        // The namespace's application id too: the node checks its stores' changelogs (<application id>-…) as well,
        // and those of the default id may have any count on a broker that other tests share.
        Config config = onTheTestBroker(dir, Map.of("COPYJOBS_TOPIC_PREFIX", namespace + ".",
                "COPYJOBS_APPLICATION_ID", namespace, "COPYJOBS_PARTITIONS", "6"));
        assertThatThrownBy(() -> Node.start(config)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("has 4 partitions").hasMessageContaining("COPYJOBS_PARTITIONS");
    }

    @Test
    void a_second_node_on_a_data_directory_in_use_is_refused_and_the_first_keeps_working() {
        Path dir = node.node.config().dataDir();
        Config second = onTheTestBroker(dir, Map.of("COPYJOBS_TOPIC_PREFIX", namespace + ".",
                "COPYJOBS_APPLICATION_ID", namespace, "COPYJOBS_PARTITIONS", "4"));
        assertThatThrownBy(() -> Node.start(second)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("another copyjobs node (pid " + ProcessHandle.current().pid() + ") is using " + dir)
                .hasMessageContaining("COPYJOBS_DATA_DIR");

        assertThat(node.get("/health/ready", null).statusCode()).isEqualTo(200);
        assertThat(node.post("/v1/jobs", node.token("alice"), "{\"displayName\":\"after a second node\"}").statusCode())
                .isEqualTo(201);
    }

    @Test
    void a_data_directory_is_free_again_once_its_node_stopped(@TempDir Path dir) {
        String ns = TestNode.freshNamespace("relock");
        Map<String, String> settings = Map.of("COPYJOBS_DATA_DIR", dir.toString());
        TestNode.start(ns, settings).close();
        try (TestNode again = TestNode.start(ns, settings)) {
            assertThat(again.get("/health/ready", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void taken_http_and_metrics_ports_are_named_with_their_settings_at_once(@TempDir Path dir) throws IOException {
        try (ServerSocket http = new ServerSocket(0); ServerSocket metrics = new ServerSocket(0)) {
            Config config = onTheTestBroker(dir, Map.of(
                    "COPYJOBS_HTTP_PORT", Integer.toString(http.getLocalPort()),
                    "COPYJOBS_METRICS_PORT", Integer.toString(metrics.getLocalPort()),
                    "COPYJOBS_TOPIC_PREFIX", TestNode.freshNamespace("ports") + "."));
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> Node.start(config)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("port " + http.getLocalPort() + " is in use: set COPYJOBS_HTTP_PORT to a free port")
                    .hasMessageContaining("port " + metrics.getLocalPort()
                            + " is in use: set COPYJOBS_METRICS_PORT to a free port");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("before Kafka Streams starts")
                    .isLessThan(Duration.ofSeconds(20));
            assertThat(dir.resolve("streams")).doesNotExist();
        }
    }

    @Test
    void a_node_joining_a_broker_is_not_refused_for_the_embedded_broker_s_ports() throws IOException {
        try (ServerSocket kafka = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             ServerSocket controller = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             TestNode joined = TestNode.start(TestNode.freshNamespace("join"), Map.of(
                     "COPYJOBS_EMBEDDED_KAFKA_PORT", Integer.toString(kafka.getLocalPort()),
                     "COPYJOBS_EMBEDDED_CONTROLLER_PORT", Integer.toString(controller.getLocalPort())))) {
            assertThat(joined.get("/health/ready", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void garbage_on_the_commands_topic_goes_to_the_dead_letter_topic_and_the_node_keeps_working() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(namespace + ".commands", "not-a-guid", "{not json"));
            producer.send(new ProducerRecord<>(namespace + ".commands", "5ce34c0d-1b2a-4c3d-8e4f-0123456789ab",
                    "{\"schemaVersion\":1,\"requestId\":\"x\"}"));
            producer.send(new ProducerRecord<>(namespace + ".owner-commands", "alice", "[]"));
        }
        List<ConsumerRecord<String, String>> dead;
        try (TopicRecords deadLetters = new TopicRecords(namespace + ".dead-letter")) {
            dead = deadLetters.until(records -> records.size() >= 3, Duration.ofSeconds(30));
        }
        assertThat(dead).extracting(ConsumerRecord::value).contains("{not json", "[]");
        assertThat(new String(dead.get(0).headers().lastHeader("__streams.errors.exception").value(), StandardCharsets.UTF_8))
                .contains("SerializationException");

        assertThat(node.post("/v1/jobs", node.token("alice"), "{\"displayName\":\"after garbage\"}").statusCode())
                .isEqualTo(201);
    }
}
