package io.copyjobs.kafka;

import io.copyjobs.wire.Outcome;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.ThreadUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads {@code outcomes} with {@code read_committed} and completes the futures of this node's
 * pending commands. An outcome is seen only once the processor's transaction committed, so a
 * command is acknowledged only when its effect can no longer be rolled back (SPEC §6).
 *
 * <p>Every node reads every partition from the end: outcomes are small and few next to what a
 * partition can carry, and this needs no consumer group (no rebalances, nothing to commit).
 */
public final class OutcomeListener extends TopicReader<Outcome> {
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeListener.class);

    private final String topic;
    private final Map<String, CompletableFuture<Outcome>> pending = new ConcurrentHashMap<>();
    /**
     * Runs what waits on an outcome (the HTTP answer: JSON, ETag, the write), so that the one thread
     * that reads every outcome goes back to reading at once; JFR showed it spending most of its time
     * writing answers, one after another, under a load of creates.
     */
    private final ExecutorService answers = Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()),
            ThreadUtils.createThreadFactory("copyjobs-answers-%d", true));
    private volatile boolean positioned;

    public OutcomeListener(Map<String, String> kafka, String bootstrapServers, Topic<String, Outcome> topic) {
        super(consumer(kafka, bootstrapServers, topic), "copyjobs-outcomes");
        this.topic = topic.name();
    }

    private static KafkaConsumer<String, Outcome> consumer(Map<String, String> kafka, String bootstrapServers,
                                                          Topic<String, Outcome> topic) {
        Properties p = readerProperties(kafka, bootstrapServers, "copyjobs-outcomes");
        return new KafkaConsumer<>(p, new StringDeserializer(), topic.valueSerde().deserializer());
    }

    /** True once the reader sits at the end of every partition and reads: outcomes of later commands reach it. */
    public boolean positioned() {
        return positioned && healthy();
    }

    /** Registers interest in a request's outcome; call before sending the command. */
    public CompletableFuture<Outcome> expect(String requestId) {
        CompletableFuture<Outcome> f = new CompletableFuture<>();
        if (pending.putIfAbsent(requestId, f) != null) {
            throw new IllegalStateException("command id " + requestId + " is already awaited");
        }
        f.whenComplete((o, e) -> pending.remove(requestId, f));
        return f;
    }

    public int pendingCount() {
        return pending.size();
    }

    @Override
    protected void position(KafkaConsumer<String, Outcome> consumer) {
        List<TopicPartition> partitions = assignAllFromEnd(consumer, topic);
        positioned = true;
        LOG.debug("outcome reader positioned at the end of {} partitions of {}", partitions.size(), topic);
    }

    @Override
    protected void handle(ConsumerRecord<String, Outcome> record) {
        Outcome o = record.value();
        CompletableFuture<Outcome> f = o == null ? null : pending.get(o.requestId());
        if (f != null) {
            answers.execute(() -> f.complete(o));
        }
    }

    @Override
    public void close() {
        super.close();
        answers.shutdown();
    }
}
