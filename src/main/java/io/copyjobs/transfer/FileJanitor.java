package io.copyjobs.transfer;

import io.copyjobs.job.Job;
import io.copyjobs.job.JobState;
import io.copyjobs.streams.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Finishes the files of ended jobs on this node (SPEC §8): Complete moves each fully transferred
 * file to its local name and deletes the rest, Cancel deletes the job's files. It reads the jobs'
 * snapshots from the compacted {@code jobs} topic in a consumer group of this node's own, so every
 * node finishes the bytes it holds — also those of jobs whose partition has moved to another node,
 * and, after a restart, the ones it missed. Both operations may run twice without harm.
 */
public final class FileJanitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileJanitor.class);
    private final KafkaConsumer<String, Job> consumer;
    private final String topic;
    private final Path filesDir;
    private final TransferEngine engine;
    private final Thread thread;
    private volatile boolean closing;

    public FileJanitor(Map<String, String> kafka, String bootstrap, String group, Topic<String, Job> jobs,
                       Path filesDir, TransferEngine engine) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A node new to the fleet holds no files of earlier jobs.
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "copyjobs-files");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), jobs.valueSerde().deserializer());
        this.topic = jobs.name();
        this.filesDir = filesDir;
        this.engine = engine;
        this.thread = new Thread(this::run, "copyjobs-files");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic));
            while (!closing) {
                try {
                    for (ConsumerRecord<String, Job> r : consumer.poll(Duration.ofMillis(200))) {
                        if (r.value() != null) {
                            finish(r.value());
                        }
                    }
                    consumer.commitSync();
                } catch (RecordDeserializationException e) {
                    LOG.warn("skipping an unreadable job snapshot: {}", e.getMessage());
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                LOG.error("file janitor woken unexpectedly", e);
            }
        } catch (RuntimeException e) {
            LOG.error("file janitor stopped: ended jobs' files are not finished on this node", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    void finish(Job job) {
        if (job.state() != JobState.ACKNOWLEDGED && job.state() != JobState.CANCELLED) {
            return;
        }
        engine.awaitStopped(job.id(), Duration.ofSeconds(5));
        try {
            Path dir = JobDirectory.locate(filesDir, job.owner(), job.id());
            if (!Files.isDirectory(dir)) {
                return;
            }
            if (job.state() == JobState.CANCELLED) {
                Completer.cancel(dir);
                LOG.info("job {} cancelled: deleted its files in {}", job.id(), dir);
            } else {
                Completer.Completion c = Completer.complete(dir, job.files());
                LOG.info("job {} completed: kept files {}, dropped {}", job.id(), c.kept(), c.dropped());
            }
        } catch (IOException e) {
            LOG.error("cannot finish the files of job {}: {}", job.id(), e.toString());
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
