package io.copyjobs.auth;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The dev-mode signing key (SPEC §4): made at random by a node that runs the embedded broker, kept
 * in its data directory, and published to the compacted {@code <prefix>dev-key} topic of that
 * loopback-only broker so that nodes joining it (and the {@code token} command) share it.
 */
public final class DevKeys {
    static final String FILE = "dev-key";
    private static final String RECORD_KEY = "hs256";

    private DevKeys() {
    }

    /** The key in {@code dataDir}, made on first use (readable by this user only). */
    public static byte[] loadOrCreate(Path dataDir) throws IOException {
        Optional<byte[]> existing = readFile(dataDir);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE);
        try {
            // Readable by this user from the first byte: no window in which the umask's rights apply.
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the directory's own permissions protect the key.
        }
        Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
        return key;
    }

    public static Optional<byte[]> readFile(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim()));
    }

    /** Writes the key to the dev-key topic (made compacted, one partition, when absent). */
    public static void publish(Admin admin, Properties clientProps, String topic, byte[] key) {
        try {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + topic + ": " + e.getCause().getMessage(), e);
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("cannot create " + topic + " in time", e);
        }
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, RECORD_KEY, Base64.getEncoder().encodeToString(key)))
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | InterruptedException | TimeoutException e) {
            throw new IllegalStateException("cannot publish the dev key to " + topic + ": " + e.getMessage(), e);
        }
    }

    /** The key from the dev-key topic, or empty when the topic is absent or empty. */
    public static Optional<byte[]> fetch(Properties clientProps, String topic, Duration timeout) {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            if (consumer.partitionsFor(topic, timeout).isEmpty()) {
                return Optional.empty();
            }
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), timeout).get(tp);
            String value = null;
            Instant deadline = Instant.now().plus(timeout);
            while (consumer.position(tp) < end && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (RECORD_KEY.equals(r.key()) && r.value() != null) {
                        value = r.value();
                    }
                }
            }
            return Optional.ofNullable(value).map(v -> Base64.getDecoder().decode(v));
        } catch (RetriableException e) {
            // Kafka's TimeoutException, the only retriable error of these calls: no broker answered in time.
            return Optional.empty();
        }
    }
}
