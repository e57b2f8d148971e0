package io.copyjobs.kafka;

import io.copyjobs.job.JobEvent;
import io.copyjobs.job.JobId;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The node's one reader of {@code job-events} (committed events only, from the end), handing each
 * event to whoever watches that job here: the Server-Sent Event streams of GET /v1/jobs/{id}/events.
 * Any node can serve any job's stream, since every node reads every partition. When the reader
 * stops for good, every watcher is told, so that no stream waits for events that cannot come.
 */
public final class JobEventFeed extends TopicReader<JobEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(JobEventFeed.class);
    private final String topic;
    private final Map<JobId, Set<Watch>> watchers = new ConcurrentHashMap<>();
    private volatile boolean ended;

    private record Watch(Consumer<JobEvent> events, Runnable onStop) {
    }

    public JobEventFeed(Map<String, String> kafka, String bootstrap, Topic<String, JobEvent> events) {
        super(consumer(kafka, bootstrap, events), "copyjobs-events");
        this.topic = events.name();
    }

    private static KafkaConsumer<String, JobEvent> consumer(Map<String, String> kafka, String bootstrap,
                                                           Topic<String, JobEvent> events) {
        return new KafkaConsumer<>(readerProperties(kafka, bootstrap, "copyjobs-events"), new StringDeserializer(),
                events.valueSerde().deserializer());
    }

    /**
     * Hands every later event of {@code id} to {@code events} until the returned handle is closed;
     * runs {@code onStop} (on the reader's thread, or at once) if the feed stops before that.
     */
    public AutoCloseable watch(JobId id, Consumer<JobEvent> events, Runnable onStop) {
        Watch watch = new Watch(events, onStop);
        watchers.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(watch);
        if (ended) {
            tell(watch, onStop);
        }
        return () -> watchers.computeIfPresent(id, (k, set) -> {
            set.remove(watch);
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
        Set<Watch> set = watchers.get(event.jobId());
        if (set != null) {
            set.forEach(w -> tell(w, () -> w.events().accept(event)));
        }
    }

    @Override
    protected void stopped() {
        // The flag first: a watch added while this runs is told by watch() itself.
        ended = true;
        watchers.values().forEach(set -> set.forEach(w -> tell(w, w.onStop())));
    }

    /** A watcher's failure is its own: the feed goes on with the others. */
    private static void tell(Watch watch, Runnable news) {
        try {
            news.run();
        } catch (RuntimeException e) {
            LOG.debug("an event stream failed: {}", e.toString());
        }
    }
}
