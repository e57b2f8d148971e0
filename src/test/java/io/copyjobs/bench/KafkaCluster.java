package io.copyjobs.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * Three combined KRaft brokers and controllers, each a process of its own, configured as
 * docker-compose.yml configures its fleet (replication 3, min ISR 2, copyjobs' group and
 * transaction settings): the replicated cluster a fleet runs on, where every commit waits for a
 * follower, and where one broker can be killed.
 */
final class KafkaCluster implements AutoCloseable {
    static final int SIZE = 3;
    private final List<Process> servers = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();

    private KafkaCluster() {
    }

    /**
     * Starts the cluster under {@code dir} and waits until all three brokers serve. {@code features}
     * are feature levels to format the cluster at ({@code transaction.version} 1, say), each as
     * {@code name=level}; none: the release's defaults.
     */
    static KafkaCluster start(Path dir, Map<String, String> overrides, String... features) throws Exception {
        KafkaCluster cluster = new KafkaCluster();
        List<Integer> controllers = new ArrayList<>();
        for (int i = 0; i < SIZE; i++) {
            cluster.ports.add(BenchNode.freePort());
            controllers.add(BenchNode.freePort());
        }
        String voters = IntStream.range(0, SIZE)
                .mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllers.get(i)).collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        try {
            for (int i = 0; i < SIZE; i++) {
                Path brokerDir = dir.resolve("kafka" + (i + 1));
                Path props = write(brokerDir, i + 1, cluster.ports.get(i), controllers.get(i), voters, overrides);
                Path logging = NodeLog.write(brokerDir, "kafka", NodeLog.BROKER);
                cluster.servers.add(new ProcessBuilder(javaBin(), "-Xmx512m", "-Dlogback.configurationFile=" + logging,
                        "-cp", System.getProperty("java.class.path"), ClusterServer.class.getName(), props.toString(), clusterId,
                        String.join(",", features))
                        .redirectErrorStream(true).redirectOutput(dir.resolve("kafka" + (i + 1) + ".log").toFile()).start());
            }
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrap()))) {
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == SIZE);
            }
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    private static Path write(Path dir, int id, int port, int controllerPort, String voters, Map<String, String> overrides)
            throws IOException {
        Files.createDirectories(dir);
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(id));
        p.put("controller.quorum.voters", voters);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dir.resolve("log").toAbsolutePath().toString());
        p.put("auto.create.topics.enable", "false");
        p.put("default.replication.factor", "3");
        p.put("min.insync.replicas", "2");
        p.put("offsets.topic.replication.factor", "3");
        p.put("transaction.state.log.replication.factor", "3");
        p.put("transaction.state.log.min.isr", "2");
        p.put("group.min.session.timeout.ms", "2000");
        p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("metrics.jmx.exclude", ".*");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 << 20));
        p.putAll(overrides);
        Path file = dir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, "copyjobs bench cluster");
        }
        return file;
    }

    String bootstrap() {
        return ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    int port(int i) {
        return ports.get(i);
    }

    /** Kills broker {@code i} (0-based) as a machine loss would: no clean shutdown. */
    void kill(int i) throws InterruptedException {
        servers.get(i).destroyForcibly().waitFor();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() {
        for (Process p : servers) {
            p.destroyForcibly();
        }
        for (Process p : servers) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
