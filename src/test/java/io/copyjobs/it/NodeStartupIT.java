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

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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

    @Test
    void an_existing_topic_with_another_partition_count_is_a_clear_start_up_error(@TempDir Path dir) {
        Config config = Config.fromMap(Map.of(
                "COPYJOBS_BOOTSTRAP_SERVERS", TestBroker.bootstrapServers(),
                "COPYJOBS_DATA_DIR", dir.toString(),
                "COPYJOBS_HTTP_PORT", Integer.toString(TestBroker.freePort()),
                "COPYJOBS_AUTH_HS256_SECRET", TestNode.SECRET,
                "COPYJOBS_TOPIC_PREFIX", namespace + ".",
                "COPYJOBS_PARTITIONS", "6"));
        assertThatThrownBy(() -> Node.start(config)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("has 4 partitions").hasMessageContaining("COPYJOBS_PARTITIONS");
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
