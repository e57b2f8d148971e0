package io.copyjobs.bench;

import io.copyjobs.job.Actor;
import io.copyjobs.job.Command;
import io.copyjobs.job.JobSpec;
import io.copyjobs.kafka.Topics;
import io.copyjobs.wire.CommandRecord;
import io.copyjobs.wire.OwnerMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * Loads many jobs fast: CreateJob records straight onto the owner-commands topic in large batches
 * (what nodes write, minus HTTP), then waits until the processor has caught up.
 */
final class Loader {
    private Loader() {
    }

    /** Creates {@code count} jobs spread over {@code owners} owners named {@code prefix-N}. */
    static void createJobs(String bootstrap, String prefix, int owners, long count) {
        Topics topics = new Topics("copyjobs.");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, OwnerMessage> producer = new KafkaProducer<>(p, new StringSerializer(),
                topics.ownerCommands.valueSerde().serializer())) {
            for (long i = 0; i < count; i++) {
                String owner = prefix + "-" + (i % owners);
                CommandRecord create = CommandRecord.of(UUID.randomUUID().toString(), null, new Actor(owner, false), null,
                        Instant.now(), new Command.CreateJob(new JobSpec("bulk job " + i, null, null, null, null, null, null, null)));
                producer.send(new ProducerRecord<>(topics.ownerCommands.name(), owner, new OwnerMessage.Create(create)),
                        (md, e) -> {
                            if (e != null) {
                                failure.set(e);
                            }
                        });
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("loading failed", failure.get());
        }
    }

    /** Waits until the Streams application has consumed its input topics to their ends. */
    static void awaitCaughtUp(String bootstrap) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            long[] previous = {-1};
            // Caught up: almost nothing left to read, and nothing moved since the last look.
            await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                long lag = lag(admin);
                boolean settled = lag <= 24 && lag == previous[0];
                previous[0] = lag;
                return settled;
            });
        }
    }

    /** Records not yet consumed, over both input topics (transaction markers count as at most one each). */
    private static long lag(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets("copyjobs").partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        for (String topic : List.of("copyjobs.owner-commands", "copyjobs.commands")) {
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(pi -> ends.put(new TopicPartition(topic, pi.partition()), OffsetSpec.latest()));
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin.listOffsets(ends).all().get();
        long lag = 0;
        for (var e : end.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            lag += e.getValue().offset() - (c == null ? 0 : c.offset());
        }
        return lag;
    }
}
