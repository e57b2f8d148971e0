package io.copyjobs.kafka;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A node's reader of one topic on a thread of its own: the outcome reader, the event feed, the
 * file janitor. It skips records it cannot read, and outlives broker trouble: on an error it
 * waits and polls again instead of leaving the node without it for good.
 */
public abstract class TopicReader<V> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicReader.class);
    static final Duration BACKOFF = Duration.ofSeconds(1);

    private final KafkaConsumer<String, V> consumer;
    private final Thread thread;
    private volatile boolean closing;
    private volatile boolean healthy;

    protected TopicReader(KafkaConsumer<String, V> consumer, String threadName) {
        this.consumer = consumer;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** True while the last poll worked (after the reader took its place on the topic). */
    public boolean healthy() {
        return healthy;
    }

    /** Settings of a reader of committed records only, that commits nothing itself unless it says so. */
    protected static Properties readerProperties(Map<String, String> kafka, String bootstrap, String clientId) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return p;
    }

    /** Every partition of {@code topic}, read from its end: what comes from now on. */
    protected static List<TopicPartition> assignAllFromEnd(KafkaConsumer<String, ?> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(pi -> new TopicPartition(pi.topic(), pi.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return partitions;
    }

    /** Assigns or subscribes the consumer and moves it where reading starts. */
    protected abstract void position(KafkaConsumer<String, V> consumer);

    /** One record; a null value is a tombstone. */
    protected abstract void handle(ConsumerRecord<String, V> record);

    /** After each poll's records are handled (a group reader commits here). */
    protected void polled(KafkaConsumer<String, V> consumer) {
    }

    /** Once the reader has stopped for good (closed, or unable to read the topic): it reads nothing more. */
    protected void stopped() {
    }

    private void run() {
        try {
            position(consumer);
            healthy = true;
            while (!closing) {
                pollOnce();
            }
        } catch (WakeupException e) {
            if (!closing) {
                LOG.error("{} was woken unexpectedly and stops", thread.getName(), e);
            }
        } catch (RuntimeException e) {
            LOG.error("{} could not take its place on the topic and stops", thread.getName(), e);
        } finally {
            healthy = false;
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
            stopped();
        }
    }

    private void pollOnce() {
        try {
            for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
                handle(r);
            }
            polled(consumer);
            healthy = true;
        } catch (RecordDeserializationException e) {
            LOG.warn("{}: skipping an unreadable record at {} offset {}: {}", thread.getName(), e.topicPartition(),
                    e.offset(), e.getMessage());
            consumer.seek(e.topicPartition(), e.offset() + 1);
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            healthy = false;
            LOG.warn("{}: {}; trying again in {}", thread.getName(), e.toString(), BACKOFF);
            try {
                Thread.sleep(BACKOFF.toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                closing = true;
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
