package io.copyjobs.kafka;

import io.copyjobs.metrics.Metrics;
import io.copyjobs.service.CommandBus;
import io.copyjobs.wire.CommandRecord;
import io.copyjobs.wire.Outcome;
import io.copyjobs.wire.OwnerMessage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

/**
 * Sends commands to Kafka with the node's one producer ({@code acks=all}, idempotent) and hands
 * back the future of their committed outcome.
 */
public final class KafkaCommandBus implements CommandBus, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaCommandBus.class);
    private final KafkaProducer<String, byte[]> producer;
    private final Topics topics;
    private final OutcomeListener outcomes;

    public KafkaCommandBus(Map<String, String> kafka, String bootstrapServers, Topics topics, OutcomeListener outcomes,
                           Metrics metrics) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "copyjobs-commands");
        // A command that cannot be written within the command timeout fails rather than queueing.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        metrics.bindProducer(producer);
        metrics.pendingCommands(outcomes::pendingCount);
        this.topics = topics;
        this.outcomes = outcomes;
    }

    @Override
    public CompletableFuture<Outcome> create(CommandRecord command) {
        OwnerMessage message = new OwnerMessage.Create(command);
        byte[] value = topics.ownerCommands.valueSerde().serializer().serialize(topics.ownerCommands.name(), message);
        return send(topics.ownerCommands.name(), command.actor(), value, command.requestId());
    }

    @Override
    public CompletableFuture<Outcome> send(CommandRecord command) {
        byte[] value = topics.commands.valueSerde().serializer().serialize(topics.commands.name(), command);
        return send(topics.commands.name(), command.jobId().toString(), value, command.requestId());
    }

    private CompletableFuture<Outcome> send(String topic, String key, byte[] value, String requestId) {
        CompletableFuture<Outcome> outcome = outcomes.expect(requestId);
        try {
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                if (error != null) {
                    outcome.completeExceptionally(new CommandBus.OutcomeUnknownException(error));
                }
            });
        } catch (RuntimeException e) {
            outcome.completeExceptionally(new CommandBus.NotSentException(e));
        }
        return outcome;
    }

    /**
     * Writes a record that expects no outcome (a node's advertisement of the contents it holds)
     * with the node's one producer; a failure is only logged, as the next advertisement repeats it.
     */
    public void publish(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                if (error != null) {
                    LOG.warn("cannot write {} to {}: {}", key, topic, error.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("cannot write {} to {}: {}", key, topic, e.toString());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
