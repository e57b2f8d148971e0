package io.copyjobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.testing.JarProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kill -9} of the node transferring a job, mid-file: the other node takes the job's
 * partition over and finishes the transfer, resuming from the part file in the files directory
 * the two nodes share (SPEC §8).
 */
class TransferFailoverIT {
    @TempDir
    static Path dir;
    static FilesServer files;
    static final List<JarProcess> NODES = new ArrayList<>();
    static final List<String> BASES = new ArrayList<>();
    static String token;

    @BeforeAll
    static void start() {
        files = new FilesServer();
        String namespace = TestNode.freshNamespace("xfail");
        for (int i = 0; i < 2; i++) {
            int http = TestBroker.freePort();
            JarProcess p = JarProcess.start(Map.of(
                    "COPYJOBS_BOOTSTRAP_SERVERS", TestBroker.bootstrapServers(),
                    "COPYJOBS_DATA_DIR", dir.resolve("node" + i).toString(),
                    "COPYJOBS_FILES_DIR", dir.resolve("shared-files").toString(),
                    "COPYJOBS_HTTP_PORT", Integer.toString(http),
                    "COPYJOBS_ADVERTISED_URL", "http://127.0.0.1:" + http,
                    "COPYJOBS_TOPIC_PREFIX", namespace + ".",
                    "COPYJOBS_APPLICATION_ID", namespace,
                    "COPYJOBS_PARTITIONS", "4",
                    "COPYJOBS_AUTH_HS256_SECRET", TestNode.SECRET,
                    "COPYJOBS_TRANSFER_DENY", "none"));
            NODES.add(p);
            BASES.add("http://127.0.0.1:" + http);
        }
        for (JarProcess p : NODES) {
            await().atMost(Duration.ofSeconds(90)).until(() -> p.printed("copyjobs ready") || !p.process().isAlive());
            assertThat(p.process().isAlive()).as(p.output()).isTrue();
        }
        token = new io.copyjobs.auth.TokenMinter(TestNode.SECRET.getBytes(StandardCharsets.UTF_8),
                io.copyjobs.auth.AuthSettings.of(io.copyjobs.config.Config.fromMap(Map.of()).auth()))
                .mint("alice", false, Duration.ofHours(1), Instant.now());
    }

    @AfterAll
    static void stop() {
        NODES.forEach(JarProcess::close);
        files.close();
    }

    static HttpResponse<String> call(String base, String method, String path, String body) {
        return TestNode.call(base, token, method, path, body);
    }

    @Test
    void another_node_finishes_a_transfer_whose_node_was_killed_mid_file() {
        int size = 3_000_000;
        String sha = files.add("/big.bin", size);
        files.rate(400_000);
        HttpResponse<String> created = call(BASES.get(0), "POST", "/v1/jobs", "{\"displayName\":\"big\",\"files\":[{\"remoteUrl\":\""
                + files.url("/big.bin") + "\",\"localName\":\"big.bin\",\"sha256\":\"" + sha + "\"}]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = TestNode.json(created).get("id").asText();
        TestNode.ok(call(BASES.get(0), "POST", "/v1/jobs/" + id + "/resume", null));

        await().atMost(Duration.ofSeconds(60)).until(() ->
                TestNode.json(call(BASES.get(1), "GET", "/v1/jobs/" + id, null)).get("progress").get("bytesTransferred").asLong() > 400_000);
        String holder = TestNode.json(call(BASES.get(1), "GET", "/v1/jobs/" + id, null)).get("files").get(0).get("node").asText();
        int victim = BASES.get(0).endsWith(holder.substring(holder.indexOf(':'))) ? 0 : 1;
        int survivor = 1 - victim;
        long sentBeforeKill = files.sent("/big.bin");
        NODES.get(victim).kill();
        files.rate(Long.MAX_VALUE);

        await().atMost(Duration.ofSeconds(60)).until(() -> {
            HttpResponse<String> r = call(BASES.get(survivor), "GET", "/v1/jobs/" + id, null);
            return r.statusCode() == 200 && TestNode.json(r).get("state").asText().equals("TRANSFERRED");
        });
        JsonNode done = TestNode.json(call(BASES.get(survivor), "GET", "/v1/jobs/" + id, null));
        assertThat(done.get("files").get(0).get("node").asText()).isNotEqualTo(holder);
        assertThat(files.sent("/big.bin")).as("the survivor resumed the part file rather than starting over "
                + "(sent before the kill: " + sentBeforeKill + ")").isLessThan(size + sentBeforeKill / 2 + 400_000);

        HttpResponse<byte[]> bytes = TestNode.HTTP_CLIENT.sendAsync(HttpRequest.newBuilder(
                URI.create(BASES.get(survivor) + "/v1/jobs/" + id + "/files/0/content"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray()).join();
        assertThat(bytes.body()).isEqualTo(files.content("/big.bin"));
    }
}
