package io.copyjobs.transfer;

import io.copyjobs.job.Job;
import io.copyjobs.job.JobState;
import io.copyjobs.kafka.Topic;
import io.copyjobs.kafka.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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
public final class FileJanitor extends TopicReader<Job> {
    private static final Logger LOG = LoggerFactory.getLogger(FileJanitor.class);
    private final String topic;
    private final Path filesDir;
    private final TransferEngine engine;
    private boolean read;

    public FileJanitor(Map<String, String> kafka, String bootstrap, String group, Topic<String, Job> jobs,
                       Path filesDir, TransferEngine engine) {
        super(consumer(kafka, bootstrap, group, jobs), "copyjobs-files");
        this.topic = jobs.name();
        this.filesDir = filesDir;
        this.engine = engine;
    }

    private static KafkaConsumer<String, Job> consumer(Map<String, String> kafka, String bootstrap, String group,
                                                      Topic<String, Job> jobs) {
        Properties p = readerProperties(kafka, bootstrap, "copyjobs-files");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        // From the start of the compacted topic when the group is new or its offsets expired: one
        // snapshot per job, and finishing a job twice is harmless, while a missed one is not.
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(p, new StringDeserializer(), jobs.valueSerde().deserializer());
    }

    @Override
    protected void position(KafkaConsumer<String, Job> consumer) {
        consumer.subscribe(List.of(topic));
    }

    @Override
    protected void handle(ConsumerRecord<String, Job> record) {
        read = true;
        if (record.value() != null) {
            finish(record.value());
        }
    }

    /**
     * Commits what it read, and only when it read something: a commit of every partition after
     * every empty poll (five a second) wrote 5 KB/s to {@code __consumer_offsets} on an idle node.
     */
    @Override
    protected void polled(KafkaConsumer<String, Job> consumer) {
        if (read) {
            consumer.commitSync();
            read = false;
        }
    }

    void finish(Job job) {
        if (job.state() != JobState.ACKNOWLEDGED && job.state() != JobState.CANCELLED) {
            return;
        }
        boolean heldHere = job.files().stream().anyMatch(f -> engine.node().equals(f.node()));
        if (!heldHere && !Files.isDirectory(JobDirectory.of(filesDir, job.owner(), job.id()))) {
            // Nothing of this job on this node: no need to look for it under earlier owners' names.
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
}
