package io.copyjobs.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import java.util.Map;

/**
 * {@link GetJobContract} on a Kafka broker in a container, where a Docker engine is present;
 * skipped cleanly where it is not (these machines and CI have none).
 */
@Testcontainers(disabledWithoutDocker = true)
class GetJobContainerIT extends GetJobContract {
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");
    static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestNode.freshNamespace("getjob-tc"), KAFKA.getBootstrapServers(), Map.of());
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Override
    TestNode node() {
        return node;
    }
}
