package io.copyjobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Expiring URLs on a whole node (issue 18, item 5): a presigned URL that starts answering 403
 * midway puts the job in ERROR with BG_E_HTTP_ERROR_403; the caller gives the file a new URL
 * (SetRemoteName or ReplaceRemotePrefix) and resumes, and the transfer carries on from its part
 * file when the new URL serves the same content (same ETag), or starts over when it does not. A
 * URL changed while the file transfers restarts the transfer from the new URL the same way.
 */
class RemoteNameIT {
    static final int SIZE = 2_000_000;
    static final int EXPIRES_AFTER = 600_000;
    /** What an answer broken off may have sent that never reached the part file, and a resume's own overlap. */
    static final int SLACK = 8 * ExpiringOrigin.CHUNK;
    static ExpiringOrigin origin;
    static TestNode node;
    static String alice;

    @BeforeAll
    static void start() {
        origin = new ExpiringOrigin();
        node = TestNode.start(TestNode.freshNamespace("remote"), Map.of("COPYJOBS_MAX_TRANSFERS", "2", "COPYJOBS_TRANSFER_DENY", "none"));
        alice = node.token("alice");
    }

    @AfterAll
    static void stop() {
        node.close();
        origin.close();
    }

    @Test
    void a_403_midway_is_ERROR_and_a_new_url_for_the_file_resumes_where_it_left_off() throws IOException {
        byte[] bytes = bytes(1);
        origin.serve("/a/one.bin", bytes, "\"v1\"", 0);
        origin.serve("/b/one.bin", bytes, "\"v1\"", 0);
        origin.expireAfter("/a/one.bin", EXPIRES_AFTER);
        String id = expiredJob("/a/one.bin");

        HttpResponse<String> bad = node.patch("/v1/jobs/" + id + "/files/0", alice, "{\"remoteUrl\":\"ftp://x/y\"}", null);
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
        HttpResponse<String> stranger = node.patch("/v1/jobs/" + id + "/files/0", node.token("bob"),
                "{\"remoteUrl\":\"" + origin.url("/b/one.bin") + "\"}", null);
        assertThat(stranger.statusCode()).as(stranger.body()).isEqualTo(403);
        JsonNode changed = TestNode.ok(node.patch("/v1/jobs/" + id + "/files/0", alice,
                "{\"remoteUrl\":\"" + origin.url("/b/one.bin") + "\"}", null));
        assertThat(changed.get("files").get(0).get("remoteUrl").asText()).isEqualTo(origin.url("/b/one.bin"));
        assertThat(changed.get("state").asText()).as("the caller resumes, as in BITS").isEqualTo("ERROR");
        TestNode.ok(node.post("/v1/jobs/" + id + "/resume", alice));

        awaitState(id, "TRANSFERRED", Duration.ofSeconds(60));
        assertResumed("/a/one.bin", "/b/one.bin");
        HttpResponse<String> done = node.patch("/v1/jobs/" + id + "/files/0", alice,
                "{\"remoteUrl\":\"" + origin.url("/a/one.bin") + "\"}", null);
        assertThat(done.statusCode()).as("a transferred file keeps its URL: " + done.body()).isEqualTo(409);
        assertCompletedWith(id, "one.bin", bytes);
    }

    @Test
    void replace_remote_prefix_moves_the_job_to_the_new_host_and_resumes_and_a_prefix_matching_nothing_is_S_FALSE()
            throws IOException {
        byte[] bytes = bytes(2);
        origin.serve("/old/two.bin", bytes, "\"v2\"", 0);
        origin.serve("/new/two.bin", bytes, "\"v2\"", 0);
        origin.expireAfter("/old/two.bin", EXPIRES_AFTER);
        String id = expiredJob("/old/two.bin");

        JsonNode none = TestNode.ok(node.post("/v1/jobs/" + id + "/replace-remote-prefix", alice,
                "{\"oldPrefix\":\"" + origin.url("/elsewhere/") + "\",\"newPrefix\":\"" + origin.url("/new/") + "\"}"));
        assertThat(none.get("result").get("code").asText()).isEqualTo("S_FALSE");
        JsonNode moved = TestNode.ok(node.post("/v1/jobs/" + id + "/replace-remote-prefix", alice,
                "{\"oldPrefix\":\"" + origin.url("/old/") + "\",\"newPrefix\":\"" + origin.url("/new/") + "\"}"));
        assertThat(moved.has("result")).isFalse();
        assertThat(moved.get("files").get(0).get("remoteUrl").asText()).isEqualTo(origin.url("/new/two.bin"));
        TestNode.ok(node.post("/v1/jobs/" + id + "/resume", alice));

        awaitState(id, "TRANSFERRED", Duration.ofSeconds(60));
        assertResumed("/old/two.bin", "/new/two.bin");
        assertCompletedWith(id, "two.bin", bytes);
    }

    @Test
    void a_new_url_with_other_content_starts_the_file_over_and_it_still_completes_with_that_content()
            throws IOException {
        byte[] before = bytes(3);
        byte[] after = bytes(4);
        origin.serve("/c/three.bin", before, "\"v3\"", 0);
        origin.serve("/d/three.bin", after, "\"v4\"", 0);
        origin.expireAfter("/c/three.bin", EXPIRES_AFTER);
        String id = expiredJob("/c/three.bin");

        TestNode.ok(node.patch("/v1/jobs/" + id + "/files/0", alice,
                "{\"remoteUrl\":\"" + origin.url("/d/three.bin") + "\"}", null));
        TestNode.ok(node.post("/v1/jobs/" + id + "/resume", alice));

        awaitState(id, "TRANSFERRED", Duration.ofSeconds(60));
        assertThat(origin.sent("/d/three.bin")).as("another ETag: from byte 0").isEqualTo(SIZE);
        assertCompletedWith(id, "three.bin", after);
    }

    @Test
    void a_url_changed_while_the_file_transfers_stops_that_transfer_and_resumes_from_the_new_url() throws IOException {
        byte[] bytes = bytes(5);
        origin.serve("/slow/five.bin", bytes, "\"v5\"", 400_000);
        origin.serve("/fast/five.bin", bytes, "\"v5\"", 0);
        String id = TestNode.json(create("/slow/five.bin")).get("id").asText();
        TestNode.ok(node.post("/v1/jobs/" + id + "/resume", alice));
        await().atMost(Duration.ofSeconds(30)).until(() -> job(id).get("files").get(0).get("bytesTransferred").asLong()
                >= 400_000);

        TestNode.ok(node.patch("/v1/jobs/" + id + "/files/0", alice,
                "{\"remoteUrl\":\"" + origin.url("/fast/five.bin") + "\"}", null));

        JsonNode done = awaitState(id, "TRANSFERRED", Duration.ofSeconds(30));
        assertThat(done.get("errorCount").asInt()).isZero();
        assertThat(origin.sent("/slow/five.bin")).as("the old transfer stopped").isLessThan(SIZE);
        assertResumed("/slow/five.bin", "/fast/five.bin");
        assertCompletedWith(id, "five.bin", bytes);
    }

    /** A job of one file at {@code path} that ran until the URL expired: in ERROR with BG_E_HTTP_ERROR_403. */
    private static String expiredJob(String path) {
        String id = TestNode.json(create(path)).get("id").asText();
        TestNode.ok(node.post("/v1/jobs/" + id + "/resume", alice));
        JsonNode failed = awaitState(id, "ERROR", Duration.ofSeconds(60));
        assertThat(failed.get("error").get("code").asText()).isEqualTo("BG_E_HTTP_ERROR_403");
        assertThat(origin.sent(path)).isEqualTo(EXPIRES_AFTER);
        return id;
    }

    /** The bytes from the new URL were only the rest of the file: the part file from the old URL was kept. */
    private static void assertResumed(String oldPath, String newPath) {
        long fromOld = origin.sent(oldPath);
        long fromNew = origin.sent(newPath);
        assertThat(fromNew).as("resumed, not started over").isLessThan(SIZE).isLessThanOrEqualTo(SIZE - fromOld + SLACK);
        assertThat(fromOld + fromNew).as("about the file's size in all").isBetween((long) SIZE, (long) SIZE + SLACK);
    }

    private static void assertCompletedWith(String id, String name, byte[] expected) throws IOException {
        JsonNode job = job(id);
        assertThat(job.get("files").get(0).get("bytesTransferred").asLong()).isEqualTo(expected.length);
        assertThat(job.get("files").get(0).get("digest").asText()).isEqualTo(FilesServer.sha256(expected));
        TestNode.ok(node.post("/v1/jobs/" + id + "/complete", alice));
        Path file = node.node.config().transfer().filesDir().resolve("alice").resolve(id).resolve(name);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(file));
        assertThat(Files.readAllBytes(file)).isEqualTo(expected);
    }

    private static HttpResponse<String> create(String path) {
        // The shortest retry delay (5 s): the break is a network error, retried, and the retry meets the 403.
        HttpResponse<String> r = node.post("/v1/jobs", alice, "{\"displayName\":\"expiring\","
                + "\"minimumRetryDelaySeconds\":0,\"files\":[{\"remoteUrl\":\"" + origin.url(path) + "\","
                + "\"localName\":\"" + path.substring(path.lastIndexOf('/') + 1) + "\"}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return r;
    }

    private static JsonNode job(String id) {
        return TestNode.json(node.get("/v1/jobs/" + id, alice));
    }

    private static JsonNode awaitState(String id, String state, Duration within) {
        await().atMost(within).untilAsserted(() -> {
            JsonNode job = job(id);
            assertThat(job.get("state").asText()).as(job.toString()).isEqualTo(state);
        });
        return job(id);
    }

    private static byte[] bytes(int seed) {
        byte[] bytes = new byte[SIZE];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
