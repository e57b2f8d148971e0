package io.copyjobs.cluster;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * A real single-node Kafka broker (combined KRaft broker and controller) inside the JVM, for a
 * node started without bootstrap servers. It listens on loopback only; more nodes on the same
 * machine join it at {@code localhost:<port>}. Its log lives under the data directory and
 * survives restarts: storage is formatted only when it has never been.
 */
public final class EmbeddedKafka implements AutoCloseable {
    /** The only address the broker listens on. */
    public static final String HOST = "127.0.0.1";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final KafkaRaftServer server;
    private final int port;

    private EmbeddedKafka(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Formats {@code dir} if needed and starts the broker.
     *
     * @param overrides broker settings that win over the defaults here (tests shorten timeouts)
     */
    public static EmbeddedKafka start(Path dir, int port, int controllerPort, Map<String, String> overrides)
            throws IOException {
        Path logDir = dir.toAbsolutePath().resolve("kafka");
        Files.createDirectories(logDir);
        Properties props = brokerProperties(logDir, port, controllerPort);
        props.putAll(overrides);
        KafkaConfig config = new KafkaConfig(props, false);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(logDir);
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            server.shutdown();
            throw e;
        }
        LOG.info("embedded Kafka broker listening on localhost:{} (data in {})", port, logDir);
        return new EmbeddedKafka(server, port);
    }

    /**
     * Defaults for one node that is its own quorum. The group and transaction settings make a
     * lost copyjobs node's partitions move within seconds (SPEC §6 failover goals).
     */
    static Properties brokerProperties(Path logDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        // One partition each: a single broker gains nothing from more, and creating and loading 50 (the
        // defaults) is a second of every first start.
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("group.min.session.timeout.ms", "2000");
        p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        // No JMX: nothing reads it, and registering the broker's thousands of metrics (a dozen per
        // partition) is CPU that a node's start on two cores does not have to spare.
        p.put("metrics.jmx.exclude", ".*");
        // The log cleaner allocates its dedupe buffer on the heap when the broker starts: Kafka's
        // 128 MiB would be half of this node's heap; a single-node broker's compacted topics
        // (jobs, changelogs) are cleaned well with 16 MiB.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 << 20));
        return p;
    }

    private static void format(Path logDir) throws IOException {
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
            new Formatter()
                    .setPrintStream(quiet)
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName("CONTROLLER")
                    .addDirectory(logDir.toString())
                    .setMetadataLogDirectory(logDir.toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
        }
    }

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        LOG.info("embedded Kafka broker stopped");
    }
}
