package io.copyjobs.streams;

import io.copyjobs.config.Config;
import io.copyjobs.kafka.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;

import java.nio.file.Path;
import java.util.Properties;

/**
 * The Kafka Streams settings of a node, as a plain function that tests use too.
 *
 * <p>Choices that matter: {@code exactly_once_v2}, so a command's snapshot, events, outcome and
 * index update commit together or not at all; {@code commit.interval.ms} of
 * {@value #COMMIT_INTERVAL_MS} ms, because a command is answered only when its transaction
 * commits (100 ms, the EOS default, would put 100 ms in front of every command; measured with the
 * two-step create, 20 ms gave a create alone p50 50 ms, 10 ms 29 ms, 5 ms 28 ms with fewer
 * creates/s at 64 clients); one standby replica, so a lost node's jobs stay readable;
 * the classic group protocol (the KIP-1071 streams protocol ignores the client's standby setting
 * and keeps a 45 s session on the broker) with a session timeout as short as the brokers allow,
 * so a dead node is noticed in seconds.
 */
public final class StreamsSettings {
    public static final int COMMIT_INTERVAL_MS = 10;
    /**
     * The shortest group session timeout copyjobs asks for: shorter ones take a GC pause for a
     * death. The brokers' floor ({@code group.min.session.timeout.ms}, 6 s by default) may be higher.
     */
    public static final int MIN_SESSION_TIMEOUT_MS = 3_000;
    /** Kafka's own floor for group.min.session.timeout.ms when a broker does not say. */
    public static final int KAFKA_DEFAULT_MIN_SESSION_TIMEOUT_MS = 6_000;
    /**
     * How long a transaction may stay open before the brokers abort it. A live node's transaction
     * that outlives it is rolled back and its stream thread fenced, which costs a rebalance: on a
     * busy machine 4 s was outlived over and over (issue 20), and a broker's loss stalls every
     * transaction it coordinates or leads a partition of until the controller fences it (9 s by
     * default) and another broker takes over: measured at load ~20, 11 s, so Streams' 10 s lost a
     * thread. A dead node's open transaction is aborted when the group sees it gone
     * ({@code DepartedTransactions}), so this bounds only a node that is stuck but still in the
     * group, whose open transaction holds back readers of the partitions it wrote to.
     */
    public static final int TRANSACTION_TIMEOUT_MS = 20_000;
    static final int POLL_MS = 10;
    /**
     * How long the restore consumer's fetch waits on changelogs that have nothing new. A broker
     * answers a connection's requests one at a time, so a task handed to the restorer waits behind
     * that fetch for its changelogs' offsets: at Kafka's 500 ms a fresh node's tasks finished
     * restoring empty changelogs in steps of half a second, 0.8 s after the last was initialized.
     */
    static final int RESTORE_FETCH_MAX_WAIT_MS = 100;

    private StreamsSettings() {
    }

    /** Where Streams keeps its state: a directory per application id, and in it one per task. */
    public static Path stateDir(Path dataDir) {
        return dataDir.resolve("streams");
    }

    /** The session timeout to use: as short as the brokers allow, never under {@link #MIN_SESSION_TIMEOUT_MS}. */
    public static int sessionTimeout(int brokerMinimum) {
        return Math.max(MIN_SESSION_TIMEOUT_MS, brokerMinimum);
    }

    /**
     * The settings of a node's Streams application: {@code self} is how other nodes reach it
     * ({@code application.server}), its state lives under {@code dataDir}.
     */
    public static Properties streamsConfig(Config.Kafka kafka, HostInfo self, Path dataDir, Topics topics,
                                           int replicationFactor, int sessionTimeoutMs) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, kafka.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir(dataDir).toString());
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicationFactor);
        p.put(StreamsConfig.topicPrefix("min.insync.replicas"), replicationFactor >= 3 ? 2 : 1);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class);
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.deadLetter);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), sessionTimeoutMs);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), sessionTimeoutMs / 4);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), TRANSACTION_TIMEOUT_MS);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
        p.put(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), RESTORE_FETCH_MAX_WAIT_MS);
        // No JMX: the node's meters read the clients' metrics directly (Micrometer), and Kafka's JMX
        // reporter registers each of the thousands of task and store metrics as it is made, building
        // its MBean again every time, on the stream thread while it opens the tasks.
        p.put(StreamsConfig.METRIC_REPORTER_CLASSES_CONFIG, "");
        // A commit happens only between polls: the poll timeout bounds how long processed records
        // wait for theirs. (fetch.max.wait.ms stays at Kafka's default: measured, a create alone
        // took the same ~50 ms with 20 ms or 500 ms, since transaction markers end a waiting fetch.)
        p.put(StreamsConfig.POLL_MS_CONFIG, POLL_MS);
        // The two source topics of a task are never joined, so the order between them does not
        // matter: a create on owner-commands must not wait for a fetch of the idle commands partition.
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        p.putAll(kafka.clientProps());
        return p;
    }
}
