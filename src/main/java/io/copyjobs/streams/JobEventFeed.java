package io.copyjobs.streams;

import io.copyjobs.job.JobEvent;
import io.copyjobs.job.JobId;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The node's one reader of {@code job-events} (committed events only, from the end), handing each
 * event to whoever watches that job here: the Server-Sent Event streams of GET /v1/jobs/{id}/events.
 * Any node can serve any job's stream, since every node reads every partition.
 */
public final class JobEventFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobEventFeed.class);
    private final KafkaConsumer<String, JobEvent> consumer;
    private final String topic;
    private final Map<JobId, Set<Consumer<JobEvent>>> watchers = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closing;

    public JobEventFeed(Map<String, String> kafka, String bootstrap, Topic<String, JobEvent> events) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "copyjobs-events");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), events.valueSerde().deserializer());
        this.topic = events.name();
        this.thread = new Thread(this::run, "copyjobs-events");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Hands every later event of {@code id} to {@code watcher} until the returned handle is closed. */
    public AutoCloseable watch(JobId id, Consumer<JobEvent> watcher) {
        watchers.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(watcher);
        return () -> watchers.computeIfPresent(id, (k, set) -> {
            set.remove(watcher);
            return set.isEmpty() ? null : set;
        });
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(pi -> new TopicPartition(pi.topic(), pi.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            while (!closing) {
                try {
                    for (ConsumerRecord<String, JobEvent> r : consumer.poll(Duration.ofMillis(200))) {
                        dispatch(r.value());
                    }
                } catch (RecordDeserializationException e) {
                    LOG.warn("skipping an unreadable job event: {}", e.getMessage());
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                LOG.error("job event reader woken unexpectedly", e);
            }
        } catch (RuntimeException e) {
            LOG.error("job event reader stopped: event streams on this node get no more events", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void dispatch(JobEvent event) {
        if (event == null) {
            return;
        }
        Set<Consumer<JobEvent>> set = watchers.get(event.jobId());
        if (set != null) {
            set.forEach(w -> {
                try {
                    w.accept(event);
                } catch (RuntimeException e) {
                    LOG.debug("an event stream failed: {}", e.toString());
                }
            });
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
