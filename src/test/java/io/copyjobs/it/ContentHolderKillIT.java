package io.copyjobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.auth.AuthSettings;
import io.copyjobs.auth.TokenMinter;
import io.copyjobs.config.Config;
import io.copyjobs.testing.JarProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kill -9} of a node that holds a content after its jobs finished (issue 17 item 5): three
 * node processes, each with its own files directory, so that a job's file is on its node only;
 * the content's second copy (COPYJOBS_CONTENT_COPIES=2) serves every file of the dead node's jobs,
 * and a new job for the content completes without a byte from the origin.
 */
class ContentHolderKillIT {
    @TempDir
    static Path dir;
    static FilesServer origin;
    static final List<JarProcess> NODES = new ArrayList<>();
    static final List<String> BASES = new ArrayList<>();
    static final TokenMinter MINTER = new TokenMinter(TestNode.SECRET.getBytes(StandardCharsets.UTF_8),
            AuthSettings.of(Config.fromMap(Map.of()).auth()));

    @BeforeAll
    static void start() {
        origin = new FilesServer();
        String namespace = TestNode.freshNamespace("holderkill");
        for (int i = 0; i < 3; i++) {
            int http = TestBroker.freePort();
            NODES.add(JarProcess.start(Map.of(
                    "COPYJOBS_BOOTSTRAP_SERVERS", TestBroker.bootstrapServers(),
                    "COPYJOBS_DATA_DIR", dir.resolve("node" + i).toString(),
                    "COPYJOBS_HTTP_PORT", Integer.toString(http),
                    "COPYJOBS_ADVERTISED_URL", "http://127.0.0.1:" + http,
                    "COPYJOBS_TOPIC_PREFIX", namespace + ".",
                    "COPYJOBS_APPLICATION_ID", namespace,
                    "COPYJOBS_PARTITIONS", Integer.toString(FailoverIT.PARTITIONS),
                    "COPYJOBS_AUTH_HS256_SECRET", TestNode.SECRET,
                    "COPYJOBS_TRANSFER_DENY", "none")));
            BASES.add("http://127.0.0.1:" + http);
        }
        for (JarProcess p : NODES) {
            await().atMost(Duration.ofSeconds(120)).until(() -> p.printed("copyjobs ready") || !p.process().isAlive());
            assertThat(p.process().isAlive()).as(p.output()).isTrue();
        }
        String admin = MINTER.mint("admin", true, Duration.ofHours(1), Instant.now());
        await().atMost(Duration.ofSeconds(90)).until(() -> TestNode.json(TestNode.call(BASES.get(0), admin, "GET",
                "/v1/cluster", null)).path("nodes").size() == 3);
    }

    @AfterAll
    static void stop() {
        NODES.forEach(JarProcess::close);
        origin.close();
    }

    static String token(String owner) {
        return MINTER.mint(owner, false, Duration.ofHours(1), Instant.now());
    }

    static Path stored(int node, String sha256) {
        return dir.resolve("node" + node).resolve("content").resolve(sha256);
    }

    /** A resumed job of {@code owner} for the content, made through {@code base}; its id. */
    static String job(String base, String owner, String sha256) {
        HttpResponse<String> made = TestNode.call(base, token(owner), "POST", "/v1/jobs", "{\"displayName\":\"held\","
                + "\"files\":[{\"remoteUrl\":\"" + origin.url("/held.bin") + "\",\"localName\":\"f.bin\",\"sha256\":\""
                + sha256 + "\"}]}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        String id = TestNode.json(made).get("id").asText();
        TestNode.ok(TestNode.call(base, token(owner), "POST", "/v1/jobs/" + id + "/resume", null));
        return id;
    }

    static JsonNode awaitTransferred(String base, String id, String owner) {
        JsonNode[] seen = new JsonNode[1];
        await().atMost(Duration.ofSeconds(180)).untilAsserted(() -> {
            HttpResponse<String> r = TestNode.call(base, token(owner), "GET", "/v1/jobs/" + id, null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            seen[0] = TestNode.json(r);
            assertThat(seen[0].path("state").asText()).as(r.body()).isEqualTo("TRANSFERRED");
        });
        return seen[0];
    }

    static HttpResponse<byte[]> content(String base, String id, String owner) {
        return TestNode.HTTP_CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(base + "/v1/jobs/" + id + "/files/0/content"))
                .header("Authorization", "Bearer " + token(owner)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray()).join();
    }

    @Test
    void after_kill_9_of_a_holder_every_file_is_served_from_the_fleet_and_a_new_job_needs_no_origin() {
        int size = 3 * (1 << 20) + 77;
        String sha256 = origin.add("/held.bin", size);
        // One owner per partition: jobs on every node, the victim's included.
        Map<String, String> jobs = new LinkedHashMap<>();
        List<String> owners = FailoverIT.ownerPerPartition();
        for (int i = 0; i < owners.size(); i++) {
            jobs.put(job(BASES.get(i % BASES.size()), owners.get(i), sha256), owners.get(i));
        }
        Map<String, String> nodeOf = new LinkedHashMap<>();
        jobs.forEach((id, owner) -> nodeOf.put(id, awaitTransferred(BASES.get(0), id, owner).path("files").get(0)
                .path("node").asText()));
        await().atMost(Duration.ofSeconds(60)).until(() -> IntStream.range(0, 3).filter(i -> Files.exists(stored(i, sha256))).count() >= 2);
        String victimName = nodeOf.values().iterator().next();
        int victim = IntStream.range(0, 3).filter(i -> BASES.get(i).endsWith("//" + victimName)).findFirst().orElseThrow();
        assertThat(stored(victim, sha256)).as("the node of a finished job holds its content").exists();
        long sent = origin.sent("/held.bin");

        NODES.get(victim).kill();
        List<String> survivors = IntStream.range(0, 3).filter(i -> i != victim).mapToObj(BASES::get).toList();
        int n = 0;
        for (Map.Entry<String, String> job : jobs.entrySet()) {
            String via = survivors.get(n++ % survivors.size());
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                HttpResponse<byte[]> bytes = content(via, job.getKey(), job.getValue());
                assertThat(bytes.statusCode()).as("file of job %s (on %s) via %s: %s", job.getKey(),
                        nodeOf.get(job.getKey()), via, new String(bytes.body(), StandardCharsets.UTF_8)).isEqualTo(200);
                assertThat(bytes.body()).isEqualTo(origin.content("/held.bin"));
            });
        }

        String later = job(survivors.get(0), "latecomer", sha256);
        JsonNode file = awaitTransferred(survivors.get(1), later, "latecomer").path("files").get(0);
        assertThat(file.path("bytesFromOrigin").asLong()).as(file.toString()).isZero();
        assertThat(origin.sent("/held.bin")).as("origin bytes after the kill").isEqualTo(sent);
        assertThat(content(survivors.get(1), later, "latecomer").body()).isEqualTo(origin.content("/held.bin"));
    }
}
