package io.copyjobs.it;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * The committed records of one topic on the shared test broker, read as text from its start, so
 * that a test can show what the node wrote (a tombstone, a dead letter, an event) rather than infer it.
 */
final class TopicRecords implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    TopicRecords(String topic) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads on until {@code done} holds for the records seen so far (at most {@code within}); answers them all. */
    List<ConsumerRecord<String, String>> until(Predicate<List<ConsumerRecord<String, String>>> done, Duration within) {
        await().atMost(within).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            return done.test(seen);
        });
        return List.copyOf(seen);
    }

    /** The records with this key, in the order of their partition (one key is one partition). */
    static List<ConsumerRecord<String, String>> withKey(List<ConsumerRecord<String, String>> records, String key) {
        return records.stream().filter(r -> key.equals(r.key())).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
