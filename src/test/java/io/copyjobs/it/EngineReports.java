package io.copyjobs.it;

import io.copyjobs.job.Actor;
import io.copyjobs.job.Command;
import io.copyjobs.job.JobId;
import io.copyjobs.kafka.Topics;
import io.copyjobs.wire.CommandRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/**
 * Writes the transfer engine's reports (StartTransfer, Progress, TransferError) to a node's
 * commands topic, as the engine of the node holding the job does, to put jobs into the states only
 * transfers reach.
 */
final class EngineReports implements AutoCloseable {
    private final KafkaProducer<String, CommandRecord> producer;
    private final Topics topics;

    EngineReports(String namespace) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers());
        topics = new Topics(namespace + ".");
        producer = new KafkaProducer<>(p, new StringSerializer(), topics.commands.valueSerde().serializer());
    }

    void send(JobId id, Command.JobCommand report) {
        CommandRecord record = CommandRecord.of(UUID.randomUUID().toString(), id, Actor.SYSTEM, null, Instant.now(),
                report);
        try {
            producer.send(new ProducerRecord<>(topics.commands.name(), id.toString(), record)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
