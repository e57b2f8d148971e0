package io.copyjobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.auth.AuthSettings;
import io.copyjobs.auth.TokenMinter;
import io.copyjobs.config.Config;
import io.copyjobs.testing.JarProcess;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A three-node fleet on one machine as README shows it — the first node runs the embedded broker
 * and makes the dev key, two more join it with no auth settings — and {@code kill -9} of one node
 * while a reader loops over every job: after two seconds every answer is a 200 (a standby's,
 * marked stale, until the group moves the partitions), and writes to the dead node's jobs
 * succeed again.
 */
class FailoverIT {
    static final int PARTITIONS = 6;
    @TempDir
    static Path dir;
    static final List<JarProcess> NODES = new ArrayList<>();
    static final List<String> BASES = new ArrayList<>();
    static final TokenMinter MINTER = new TokenMinter(TestNode.SECRET.getBytes(StandardCharsets.UTF_8),
            AuthSettings.of(Config.fromMap(Map.of()).auth()));
    static String token;

    @BeforeAll
    static void start() throws Exception {
        int kafka = TestBroker.freePort();
        for (int i = 0; i < 3; i++) {
            int http = TestBroker.freePort();
            Map<String, String> env = new HashMap<>(Map.of(
                    "COPYJOBS_DATA_DIR", dir.resolve("node" + i).toString(),
                    "COPYJOBS_HTTP_PORT", Integer.toString(http),
                    "COPYJOBS_ADVERTISED_URL", "http://127.0.0.1:" + http,
                    "COPYJOBS_PARTITIONS", Integer.toString(PARTITIONS),
                    "COPYJOBS_AUTH_HS256_SECRET", TestNode.SECRET));
            if (i == 0) {
                env.put("COPYJOBS_EMBEDDED_KAFKA_PORT", Integer.toString(kafka));
                env.put("COPYJOBS_EMBEDDED_CONTROLLER_PORT", Integer.toString(TestBroker.freePort()));
            } else {
                env.put("COPYJOBS_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafka);
            }
            JarProcess p = JarProcess.start(env);
            NODES.add(p);
            BASES.add("http://127.0.0.1:" + http);
            await().atMost(Duration.ofSeconds(90)).until(() -> p.printed("copyjobs ready") || !p.process().isAlive());
            assertThat(p.process().isAlive()).as(p.output()).isTrue();
        }
        token = MINTER.mint("alice", true, Duration.ofHours(1), Instant.now());
        await().atMost(Duration.ofSeconds(60)).until(FailoverIT::everyNodeHasActiveAndStandbyPartitions);
    }

    @AfterAll
    static void stop() {
        NODES.forEach(JarProcess::close);
    }

    static HttpResponse<String> send(String base, String method, String path, String body) {
        return TestNode.call(base, token, method, path, body);
    }

    static JsonNode cluster() {
        return TestNode.json(send(BASES.get(0), "GET", "/v1/cluster", null));
    }

    static boolean everyNodeHasActiveAndStandbyPartitions() {
        JsonNode nodes = cluster().get("nodes");
        if (nodes.size() != 3) {
            return false;
        }
        for (JsonNode n : nodes) {
            if (n.get("active").path("copyjobs.commands").isEmpty() || n.get("standby").path("copyjobs.commands").isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /**
     * One owner per partition: a job lives in its owner's partition (it is minted there, so that a
     * create is one transaction), so jobs of several owners are needed to have some on every node.
     */
    static List<String> ownerPerPartition() {
        Map<Integer, String> owners = new TreeMap<>();
        for (int i = 0; owners.size() < PARTITIONS; i++) {
            owners.putIfAbsent(partitionOf("owner-" + i), "owner-" + i);
        }
        return List.copyOf(owners.values());
    }

    static int partitionOf(String id) {
        return Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    record Read(long atMillis, int status, boolean stale) {
    }

    @Test
    void after_kill_9_of_a_node_every_job_is_answered_within_2_s_and_writes_to_its_jobs_resume() throws Exception {
        List<String> jobs = new ArrayList<>();
        List<String> owners = ownerPerPartition();
        for (int i = 0; i < 30; i++) {
            String owner = MINTER.mint(owners.get(i % owners.size()), false, Duration.ofHours(1), Instant.now());
            HttpResponse<String> r = TestNode.call(BASES.get(i % 3), owner, "POST", "/v1/jobs",
                    "{\"displayName\":\"j" + i + "\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            jobs.add(TestNode.json(r).get("id").asText());
        }
        String victim = BASES.get(2).substring("http://".length());
        Set<Integer> victimPartitions = new HashSet<>();
        for (JsonNode n : cluster().get("nodes")) {
            if (n.get("node").asText().equals(victim)) {
                n.get("active").get("copyjobs.commands").forEach(p -> victimPartitions.add(p.asInt()));
            }
        }
        List<String> victimJobs = jobs.stream().filter(id -> victimPartitions.contains(partitionOf(id))).toList();
        assertThat(victimJobs).as("some jobs live on the node to kill").isNotEmpty();

        ConcurrentLinkedQueue<Read> reads = new ConcurrentLinkedQueue<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            int i = 0;
            while (reading.get()) {
                HttpResponse<String> r = send(BASES.get(i % 2), "GET", "/v1/jobs/" + jobs.get(i % jobs.size()), null);
                reads.add(new Read(System.currentTimeMillis(), r.statusCode(), r.headers().firstValue("Copyjobs-Stale").isPresent()));
                i++;
            }
        }, "failover-reader");
        reader.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> reads.size() > 50);

        long killedAt = System.currentTimeMillis();
        NODES.get(2).kill();

        long writesBackAt = 0;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> victimJobs.stream()
                .allMatch(id -> send(BASES.get(0), "POST", "/v1/jobs/" + id + "/suspend", null).statusCode() == 200));
        writesBackAt = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(60)).until(() -> reads.stream().filter(r -> r.atMillis() > killedAt + 2_000).count() > 100);
        reading.set(false);
        reader.join(20_000);

        List<Read> late = reads.stream().filter(r -> r.atMillis() > killedAt + 2_000).toList();
        assertThat(late).as("every answer 2 s after the kill is a 200").allMatch(r -> r.status() == 200);
        long stale = reads.stream().filter(r -> r.atMillis() > killedAt && r.stale()).count();
        System.out.printf("failover: %d reads after the kill, %d of them stale; writes back after %d ms%n",
                reads.stream().filter(r -> r.atMillis() > killedAt).count(), stale, writesBackAt - killedAt);
        assertThat(writesBackAt - killedAt).as("writes to the dead node's jobs work again (goal 10 s)").isLessThan(30_000);
    }
}
