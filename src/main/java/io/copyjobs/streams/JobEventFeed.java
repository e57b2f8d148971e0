package io.copyjobs.streams;

import io.copyjobs.job.JobEvent;
import io.copyjobs.job.JobId;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
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
public final class JobEventFeed extends TopicReader<JobEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(JobEventFeed.class);
    private final String topic;
    private final Map<JobId, Set<Consumer<JobEvent>>> watchers = new ConcurrentHashMap<>();

    public JobEventFeed(Map<String, String> kafka, String bootstrap, Topic<String, JobEvent> events) {
        super(consumer(kafka, bootstrap, events), "copyjobs-events");
        this.topic = events.name();
    }

    private static KafkaConsumer<String, JobEvent> consumer(Map<String, String> kafka, String bootstrap,
                                                           Topic<String, JobEvent> events) {
        return new KafkaConsumer<>(readerProperties(kafka, bootstrap, "copyjobs-events"), new StringDeserializer(),
                events.valueSerde().deserializer());
    }

    /** Hands every later event of {@code id} to {@code watcher} until the returned handle is closed. */
    public AutoCloseable watch(JobId id, Consumer<JobEvent> watcher) {
        watchers.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(watcher);
        return () -> watchers.computeIfPresent(id, (k, set) -> {
            set.remove(watcher);
            return set.isEmpty() ? null : set;
        });
    }

    @Override
    protected void position(KafkaConsumer<String, JobEvent> consumer) {
        assignAllFromEnd(consumer, topic);
    }

    @Override
    protected void handle(ConsumerRecord<String, JobEvent> record) {
        JobEvent event = record.value();
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
}
