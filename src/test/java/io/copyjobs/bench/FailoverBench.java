package io.copyjobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.cluster.EmbeddedKafka;
import io.copyjobs.json.Json;
import org.apache.kafka.common.utils.Utils;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;

/**
 * {@code failover}: three nodes (separate processes) on one broker, {@code kill -9} of one while
 * two readers loop over every job. Measures how long after the kill any read still failed (goal:
 * every job answered again within 2 s) and how long until a write to each of the dead node's jobs
 * succeeds (goal ≤ 10 s), on a broker configured as copyjobs configures its own and on one with
 * Kafka's defaults. The baseline is the same fleet losing the node by a clean stop (SIGTERM).
 */
final class FailoverBench {
    static final int PARTITIONS = 12;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private FailoverBench() {
    }

    record Figures(double readGapSeconds, double writesBackSeconds, long reads, long stale) {
    }

    static void run(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        Results r = new Results("failover");
        Map<String, Map<String, String>> brokers = Map.of(
                "copyjobs-tuned broker", Map.of(),
                "Kafka-default broker", Map.of("transaction.abort.timed.out.transaction.cleanup.interval.ms", "10000",
                        "group.min.session.timeout.ms", "6000"));
        for (var broker : brokers.entrySet()) {
            for (boolean kill : new boolean[]{true, false}) {
                double[] gaps = new double[runs];
                double[] writes = new double[runs];
                for (int i = 0; i < runs; i++) {
                    Figures f = once(broker.getValue(), kill);
                    gaps[i] = f.readGapSeconds();
                    writes[i] = f.writesBackSeconds();
                    System.out.printf("%s, %s: %s%n", broker.getKey(), kill ? "kill -9" : "clean stop", f);
                }
                r.add(String.format("%s, %s: last failed read after the loss (s, min / median / max of %d): %s; "
                                + "writes to the lost node's jobs back after (s): %s", broker.getKey(),
                        kill ? "kill -9" : "baseline clean stop", runs, Stats.spread(gaps, "%.2f"), Stats.spread(writes, "%.2f")));
            }
        }
        r.add("goals: every job answered again ≤ 2 s; writes ≤ 10 s on copyjobs-tuned brokers");
        r.write();
    }

    static Figures once(Map<String, String> brokerOverrides, boolean kill) throws Exception {
        Path dir = Files.createDirectories(Path.of("bench", "out", "failover-" + System.nanoTime()));
        int kafkaPort = BenchNode.freePort();
        try (EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("broker"), kafkaPort, BenchNode.freePort(), brokerOverrides)) {
            List<BenchNode> nodes = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    nodes.add(BenchNode.onBrokers(dir.resolve("node" + i), broker.bootstrapServers(), kafkaPort,
                            Map.of("COPYJOBS_PARTITIONS", Integer.toString(PARTITIONS))));
                }
                return measure(nodes, kill ? Loss.NODE_KILLED : Loss.NODE_STOPPED, null);
            } finally {
                nodes.forEach(BenchNode::close);
            }
        }
    }

    /** What is lost: a node (killed, or stopped cleanly as the baseline), or one of the brokers. */
    enum Loss { NODE_KILLED, NODE_STOPPED, BROKER_KILLED }

    /**
     * {@code failover-cluster}: the same on three brokers in processes of their own
     * ({@link KafkaCluster}, replication 3, min ISR 2): kill -9 of a node, and kill -9 of a broker,
     * after which writes to every job are timed (any partition may have had its leader, or its
     * transaction or group coordinator, there).
     */
    static void runOnCluster(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        Results r = new Results("failover-cluster");
        for (Loss loss : new Loss[]{Loss.NODE_KILLED, Loss.BROKER_KILLED}) {
            double[] gaps = new double[runs];
            double[] writes = new double[runs];
            for (int i = 0; i < runs; i++) {
                Figures f = onCluster(loss);
                gaps[i] = f.readGapSeconds();
                writes[i] = f.writesBackSeconds();
                System.out.printf("3 brokers, %s: %s%n", loss, f);
            }
            r.add(String.format("3 brokers (replication 3, min ISR 2), %s: last failed read after the loss (s, min / median / max "
                    + "of %d): %s; writes to %s back after (s): %s", loss, runs, Stats.spread(gaps, "%.2f"),
                    loss == Loss.BROKER_KILLED ? "every job" : "the lost node's jobs", Stats.spread(writes, "%.2f")));
        }
        r.write();
    }

    static Figures onCluster(Loss loss) throws Exception {
        Path dir = Files.createDirectories(Path.of("bench", "out", "failover-cluster-" + System.nanoTime()));
        try (KafkaCluster kafka = KafkaCluster.start(dir, Map.of())) {
            List<BenchNode> nodes = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    nodes.add(BenchNode.onBrokers(dir.resolve("node" + i), kafka.bootstrap(), kafka.port(0),
                            Map.of("COPYJOBS_PARTITIONS", Integer.toString(PARTITIONS))));
                }
                return measure(nodes, loss, () -> kafka.kill(KafkaCluster.SIZE - 1));
            } finally {
                nodes.forEach(BenchNode::close);
            }
        }
    }

    /** A broker's loss, as the cluster inflicts it. */
    interface BrokerLoss {
        void inflict() throws Exception;
    }

    static Figures measure(List<BenchNode> nodes, Loss loss, BrokerLoss brokerLoss) throws Exception {
        String token = nodes.get(0).token("bench", true);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> standbysEverywhere(nodes, nodes.get(0), token));
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            jobs.add(Json.wire().readTree(call(nodes.get(i % 3).base, "POST", "/v1/jobs", GetJobBench.ownerToken(nodes.get(0), i),
                    "{\"displayName\":\"f" + i + "\"}").body()).get("id").asText());
        }
        Set<Integer> lost = activePartitions(nodes.get(0), token, nodes.get(2).base.substring("http://".length()));
        List<String> lostJobs = loss == Loss.BROKER_KILLED ? jobs
                : jobs.stream().filter(id -> lost.contains(partitionOf(id))).toList();

        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicLong lastFailure = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        AtomicLong stale = new AtomicLong();
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            String base = nodes.get(t).base;
            Thread reader = new Thread(() -> {
                for (int i = 0; reading.get(); i++) {
                    HttpResponse<String> resp = call(base, "GET", "/v1/jobs/" + jobs.get(i % jobs.size()), token, null);
                    reads.incrementAndGet();
                    if (resp.headers().firstValue("Copyjobs-Stale").isPresent()) {
                        stale.incrementAndGet();
                    }
                    if (resp.statusCode() != 200) {
                        lastFailure.set(System.nanoTime());
                    }
                }
            });
            reader.start();
            readers.add(reader);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> reads.get() >= 100);
        long lostAt = System.nanoTime();
        switch (loss) {
            case NODE_KILLED -> nodes.get(2).process.kill();
            case NODE_STOPPED -> nodes.get(2).close();
            case BROKER_KILLED -> brokerLoss.inflict();
            default -> throw new IllegalArgumentException(loss.name());
        }
        long readsBefore = reads.get();
        long staleBefore = stale.get();
        for (String id : lostJobs) {
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50)).pollInSameThread().until(() ->
                    call(nodes.get(0).base, "POST", "/v1/jobs/" + id + "/suspend", token, null).statusCode() == 200);
        }
        double writesBack = (System.nanoTime() - lostAt) / 1e9;
        long readsAtWritesBack = reads.get();
        // The readers go on until they have read every job again a few times after writes came back.
        await().atMost(Duration.ofSeconds(60)).until(() -> reads.get() >= readsAtWritesBack + 3L * jobs.size());
        reading.set(false);
        for (Thread reader : readers) {
            reader.join();
        }
        double gap = lastFailure.get() > lostAt ? (lastFailure.get() - lostAt) / 1e9 : 0;
        return new Figures(gap, writesBack, reads.get() - readsBefore, stale.get() - staleBefore);
    }

    /** True once every node holds active and standby partitions. */
    static boolean standbysEverywhere(List<BenchNode> fleet, BenchNode node, String token) throws Exception {
        JsonNode nodes = Json.wire().readTree(call(node.base, "GET", "/v1/cluster", token, null).body()).path("nodes");
        if (nodes.size() != fleet.size()) {
            return false;
        }
        for (JsonNode n : nodes) {
            if (n.get("active").path("copyjobs.commands").isEmpty() || n.get("standby").path("copyjobs.commands").isEmpty()) {
                return false;
            }
        }
        return true;
    }

    static Set<Integer> activePartitions(BenchNode node, String token, String name) throws Exception {
        Set<Integer> partitions = new HashSet<>();
        for (JsonNode n : Json.wire().readTree(call(node.base, "GET", "/v1/cluster", token, null).body()).get("nodes")) {
            if (n.get("node").asText().equals(name)) {
                n.get("active").get("copyjobs.commands").forEach(p -> partitions.add(p.asInt()));
            }
        }
        return partitions;
    }

    static int partitionOf(String id) {
        return Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    static HttpResponse<String> call(String base, String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            return HTTP.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
