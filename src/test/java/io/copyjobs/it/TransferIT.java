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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Jobs that really copy (SPEC §8): a node with its transfer engine on downloads from a real HTTP
 * server on loopback, resumes after a dropped connection, stops on Suspend and Cancel, and
 * finishes files on Complete.
 */
class TransferIT {
    static FilesServer files;
    static TestNode node;
    static String alice;

    @BeforeAll
    static void start() {
        files = new FilesServer();
        node = TestNode.start(TestNode.freshNamespace("transfer"), Map.of(
                "COPYJOBS_MAX_TRANSFERS", "2",
                "COPYJOBS_TRANSFER_DENY", "none"));
        alice = node.token("alice");
    }

    @AfterAll
    static void stop() {
        node.close();
        files.close();
    }

    static String create(String body) {
        HttpResponse<String> r = node.post("/v1/jobs", alice, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return TestNode.json(r).get("id").asText();
    }

    static String file(String path, String localName, String sha256) {
        return "{\"remoteUrl\":\"" + files.url(path) + "\",\"localName\":\"" + localName + "\""
                + (sha256 == null ? "" : ",\"sha256\":\"" + sha256 + "\"") + "}";
    }

    static JsonNode job(String id) {
        return TestNode.json(node.get("/v1/jobs/" + id, alice));
    }

    static JsonNode awaitState(String id, String state, Duration within) {
        await().atMost(within).until(() -> job(id).get("state").asText().equals(state));
        return job(id);
    }

    static Path jobDir(String id) {
        return node.node.config().transfer().filesDir().resolve("alice").resolve(id);
    }

    static List<Path> filesIn(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void a_job_downloads_every_file_checks_its_checksum_and_complete_gives_the_files_their_names() throws IOException {
        String shaA = files.add("/full/a.bin", 300_000);
        String shaB = files.add("/full/b.bin", 40_000);
        String id = create("{\"displayName\":\"full\",\"files\":[" + file("/full/a.bin", "a.bin", shaA) + ","
                + file("/full/b.bin", "sub/b.bin", shaB) + "]}");
        TestNode.ok(node.post("/v1/jobs/" + id + "/resume", alice));

        JsonNode done = awaitState(id, "TRANSFERRED", Duration.ofSeconds(20));
        assertThat(done.get("progress").get("bytesTotal").asLong()).isEqualTo(340_000);
        assertThat(done.get("progress").get("bytesTransferred").asLong()).isEqualTo(340_000);
        assertThat(done.get("progress").get("filesTransferred").asInt()).isEqualTo(2);
        assertThat(done.get("times").get("transferCompleted").isNull()).isFalse();
        assertThat(done.get("files").get(0).get("node").asText()).isNotBlank();

        JsonNode completed = TestNode.ok(node.post("/v1/jobs/" + id + "/complete", alice));
        assertThat(completed.get("state").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(completed.has("result")).isFalse();
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(jobDir(id).resolve("sub/b.bin")));
        assertThat(Files.readAllBytes(jobDir(id).resolve("a.bin"))).isEqualTo(files.content("/full/a.bin"));
        assertThat(Files.readAllBytes(jobDir(id).resolve("sub/b.bin"))).isEqualTo(files.content("/full/b.bin"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(filesIn(jobDir(id)))
                .allMatch(p -> !p.toString().endsWith(".part") && !p.toString().endsWith(".meta")));
    }

    @Test
    void after_a_dropped_connection_the_retry_fetches_only_the_rest_of_the_file() {
        int size = 400_000;
        String sha = files.add("/drop/c.bin", size);
        files.dropOnceAfter(100_000);
        String id = create("{\"displayName\":\"drop\",\"minimumRetryDelaySeconds\":0,\"files\":["
                + file("/drop/c.bin", "c.bin", null) + "]}");
        TestNode.ok(node.post("/v1/jobs/" + id + "/resume", alice));

        await().atMost(Duration.ofSeconds(60)).until(() -> job(id).get("errorCount").asInt() >= 1);
        JsonNode done = awaitState(id, "TRANSFERRED", Duration.ofSeconds(30));
        assertThat(done.get("errorCount").asInt()).isEqualTo(1);
        assertThat(files.sent("/drop/c.bin")).as("bytes fetched ≤ file size + one buffer")
                .isLessThanOrEqualTo(size + FilesServer.CHUNK);
        JsonNode file = done.get("files").get(0);
        assertThat(file.get("bytesFromOrigin").asLong()).as("the bytes before the drop came from the origin too")
                .isEqualTo(size);
        assertThat(file.get("bytesFromPeers").asLong()).isZero();
        assertThat(file.get("sha256").isNull()).isTrue();
        assertThat(file.get("digest").asText()).as("computed though the job gave no sha256").isEqualTo(sha);
        assertThat(done.get("progress").get("bytesFromOrigin").asLong()).isEqualTo(size);
        assertThat(done.get("progress").get("bytesFromPeers").asLong()).isZero();
    }

    @Test
    void suspend_stops_a_transfer_mid_file_within_a_second_and_resume_goes_on_from_there() {
        int size = 1_500_000;
        files.add("/slow/d.bin", size);
        files.rate(300_000);
        try {
            String id = create("{\"displayName\":\"slow\",\"files\":[" + file("/slow/d.bin", "d.bin", null) + "]}");
            TestNode.ok(node.post("/v1/jobs/" + id + "/resume", alice));
            await().atMost(Duration.ofSeconds(60)).until(() -> job(id).get("progress").get("bytesTransferred").asLong() > 0);

            assertThat(node.post("/v1/jobs/" + id + "/suspend", alice).statusCode()).isEqualTo(200);
            long atSuspend = files.sent("/slow/d.bin");
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(4))
                    .until(() -> files.sent("/slow/d.bin") <= atSuspend + 300_000 + 2L * FilesServer.CHUNK);
            assertThat(files.sent("/slow/d.bin")).isLessThan(size);

            files.rate(Long.MAX_VALUE);
            TestNode.ok(node.post("/v1/jobs/" + id + "/resume", alice));
            awaitState(id, "TRANSFERRED", Duration.ofSeconds(20));
            assertThat(files.sent("/slow/d.bin")).as("the resume fetched the rest, not the whole file again")
                    .isLessThan(size + 300_000 + 3L * FilesServer.CHUNK);
        } finally {
            files.rate(Long.MAX_VALUE);
        }
    }

    @Test
    void cancel_stops_the_transfer_and_deletes_the_job_s_files() {
        files.add("/cancel/e.bin", 2_000_000);
        files.rate(200_000);
        try {
            String id = create("{\"displayName\":\"cancel\",\"files\":[" + file("/cancel/e.bin", "e.bin", null) + "]}");
            TestNode.ok(node.post("/v1/jobs/" + id + "/resume", alice));
            await().atMost(Duration.ofSeconds(60)).until(() -> !filesIn(jobDir(id)).isEmpty());

            JsonNode cancelled = TestNode.ok(node.post("/v1/jobs/" + id + "/cancel", alice));
            assertThat(cancelled.get("state").asText()).isEqualTo("CANCELLED");
            await().atMost(Duration.ofSeconds(60)).until(() -> !Files.exists(jobDir(id)));
            long atCancel = files.sent("/cancel/e.bin");
            assertThat(atCancel).as("the transfer stopped before the end").isLessThan(2_000_000);
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(4))
                    .until(() -> files.sent("/cancel/e.bin") <= atCancel + 200_000 + 2L * FilesServer.CHUNK);
            assertThat(job(id).get("state").asText()).isEqualTo("CANCELLED");
            assertThat(Files.exists(jobDir(id))).as("no part file comes back").isFalse();
        } finally {
            files.rate(Long.MAX_VALUE);
        }
    }

    @Test
    void a_404_stops_the_job_in_ERROR_at_once_and_resume_retries() {
        String id = create("{\"displayName\":\"missing\",\"files\":[" + file("/later/f.bin", "f.bin", null) + "]}");
        TestNode.ok(node.post("/v1/jobs/" + id + "/resume", alice));
        JsonNode failed = awaitState(id, "ERROR", Duration.ofSeconds(60));
        assertThat(failed.get("error").get("code").asText()).isEqualTo("BG_E_HTTP_ERROR_404");
        assertThat(failed.get("error").get("hresult").asText()).isEqualTo("0x80190194");
        assertThat(failed.get("error").get("context").asText()).isEqualTo("REMOTE_FILE");

        files.add("/later/f.bin", 10_000);
        TestNode.ok(node.post("/v1/jobs/" + id + "/resume", alice));
        assertThat(awaitState(id, "TRANSFERRED", Duration.ofSeconds(60)).get("error").isNull()).isTrue();
    }

    @Test
    void a_checksum_mismatch_is_an_ERROR_naming_the_file() {
        files.add("/sum/g.bin", 5_000);
        String wrong = "0".repeat(64);
        String id = create("{\"displayName\":\"sum\",\"files\":[" + file("/sum/g.bin", "g.bin", wrong) + "]}");
        TestNode.ok(node.post("/v1/jobs/" + id + "/resume", alice));
        JsonNode failed = awaitState(id, "ERROR", Duration.ofSeconds(60));
        assertThat(failed.get("error").get("fileIndex").asInt()).isZero();
        assertThat(failed.get("error").get("description").asText()).contains("g.bin");
    }

    @Test
    void complete_with_unfinished_files_keeps_the_finished_ones_and_deletes_the_rest() {
        files.add("/part/h.bin", 20_000);
        files.add("/part/i.bin", 3_000_000);
        files.rate(500_000);
        try {
            String id = create("{\"displayName\":\"part\",\"files\":[" + file("/part/h.bin", "h.bin", null) + ","
                    + file("/part/i.bin", "i.bin", null) + "]}");
            TestNode.ok(node.post("/v1/jobs/" + id + "/resume", alice));
            await().atMost(Duration.ofSeconds(60)).until(() -> job(id).get("progress").get("filesTransferred").asInt() == 1);
            JsonNode r = TestNode.ok(node.post("/v1/jobs/" + id + "/complete", alice));
            assertThat(r.get("state").asText()).isEqualTo("ACKNOWLEDGED");
            assertThat(r.get("result").get("code").asText()).isEqualTo("BG_S_PARTIAL_COMPLETE");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(filesIn(jobDir(id)))
                    .containsExactly(jobDir(id).resolve("h.bin")));
        } finally {
            files.rate(Long.MAX_VALUE);
        }
    }

    @Test
    void queued_jobs_start_by_priority_when_transfers_are_busy() {
        files.add("/busy/j.bin", 3_000_000);
        files.add("/busy/k.bin", 3_000_000);
        List<String> priorities = List.of("LOW", "NORMAL", "HIGH", "FOREGROUND");
        // Each takes ~2 s at this rate, so the first two started are both requested before either
        // ends and frees its slot: the server sees the engine's start order, not a race between them.
        priorities.forEach(p -> files.add("/prio/" + p + ".bin", 500_000));
        files.rate(250_000);
        try {
            String busy1 = create("{\"displayName\":\"busy1\",\"files\":[" + file("/busy/j.bin", "j.bin", null) + "]}");
            String busy2 = create("{\"displayName\":\"busy2\",\"files\":[" + file("/busy/k.bin", "k.bin", null) + "]}");
            TestNode.ok(node.post("/v1/jobs/" + busy1 + "/resume", alice));
            TestNode.ok(node.post("/v1/jobs/" + busy2 + "/resume", alice));
            await().atMost(Duration.ofSeconds(60)).until(() -> job(busy1).get("state").asText().equals("TRANSFERRING")
                    && job(busy2).get("state").asText().equals("TRANSFERRING"));
            List<String> waiting = new ArrayList<>();
            for (String p : priorities) {
                String id = create("{\"displayName\":\"" + p + "\",\"priority\":\"" + p + "\",\"files\":["
                        + file("/prio/" + p + ".bin", p + ".bin", null) + "]}");
                TestNode.ok(node.post("/v1/jobs/" + id + "/resume", alice));
                waiting.add(id);
            }
            assertThat(waiting).allMatch(id -> job(id).get("state").asText().equals("QUEUED"));
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    waiting.stream().allMatch(id -> job(id).get("state").asText().equals("TRANSFERRED")));
        } finally {
            files.rate(Long.MAX_VALUE);
        }
        // The order in which the engine started them, as the server saw the requests: completion
        // times are stamped in different partitions and do not order the starts.
        List<String> started = files.requested().stream().filter(p -> p.startsWith("/prio/")).distinct().toList();
        assertThat(started.subList(0, 2)).as("the two free slots go to FOREGROUND and HIGH first")
                .containsExactlyInAnyOrder("/prio/FOREGROUND.bin", "/prio/HIGH.bin");
    }

    @Test
    void a_transferred_file_is_served_whole_or_by_range_to_its_owner_only() throws Exception {
        files.add("/content/m.bin", 50_000);
        String id = create("{\"displayName\":\"content\",\"files\":[" + file("/content/m.bin", "m.bin", null) + "]}");
        String path = "/v1/jobs/" + id + "/files/0/content";
        GetJobContract.assertProblem(node.get(path, alice), 409, "BG_E_INVALID_STATE", "0x80200002");
        TestNode.ok(node.post("/v1/jobs/" + id + "/resume", alice));
        awaitState(id, "TRANSFERRED", Duration.ofSeconds(60));

        HttpResponse<byte[]> whole = TestNode.HTTP_CLIENT.send(node.request(path, alice).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(files.content("/content/m.bin"));

        // A client that accepts gzip (curl --compressed, browsers) gets the bytes the length says.
        HttpResponse<byte[]> gzipOk = TestNode.HTTP_CLIENT.send(node.request(path, alice).header("Accept-Encoding", "gzip")
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(gzipOk.statusCode()).isEqualTo(200);
        assertThat(gzipOk.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(gzipOk.body()).isEqualTo(files.content("/content/m.bin"));

        HttpResponse<byte[]> range = TestNode.HTTP_CLIENT.send(node.request(path, alice).header("Range", "bytes=100-199")
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(files.content("/content/m.bin"), 100, 200));

        GetJobContract.assertProblem(node.get(path, node.token("mallory")), 403, "E_ACCESSDENIED", "0x80070005");
        GetJobContract.assertProblem(node.get("/v1/jobs/" + id + "/files/3/content", alice), 404, "DO_E_NOT_FOUND", "0x80D02003");

        TestNode.ok(node.post("/v1/jobs/" + id + "/complete", alice));
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(jobDir(id).resolve("m.bin")));
        HttpResponse<byte[]> after = TestNode.HTTP_CLIENT.send(node.request(path, node.adminToken("root")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(after.body()).isEqualTo(files.content("/content/m.bin"));
    }

    @Test
    void the_event_stream_tells_of_every_file_the_transfer_and_the_end_of_the_job() throws Exception {
        files.add("/events/n1.bin", 30_000);
        files.add("/events/n2.bin", 30_000);
        String id = create("{\"displayName\":\"events\",\"files\":[" + file("/events/n1.bin", "n1.bin", null) + ","
                + file("/events/n2.bin", "n2.bin", null) + "]}");
        List<String> names = Collections.synchronizedList(new ArrayList<>());
        Thread reader = readEvents("/v1/jobs/" + id + "/events", names);

        TestNode.ok(node.post("/v1/jobs/" + id + "/resume", alice));
        awaitState(id, "TRANSFERRED", Duration.ofSeconds(60));
        TestNode.ok(node.post("/v1/jobs/" + id + "/complete", alice));
        reader.join(10_000);

        assertThat(reader.isAlive()).as("the stream ends when the job is final").isFalse();
        assertThat(names.get(0)).isEqualTo("JobModification");
        assertThat(names).containsSubsequence("FileTransferred", "FileTransferred", "JobTransferred");
        assertThat(names.get(names.size() - 1)).isEqualTo("JobModification");
        GetJobContract.assertProblem(TestNode.send(node.request("/v1/jobs/" + id + "/events", node.token("mallory"))
                .header("Accept", "text/event-stream").GET().build()), 403, "E_ACCESSDENIED", "0x80070005");
        GetJobContract.assertProblem(TestNode.send(node.request("/v1/jobs/" + id + "/events?notify=Everything", alice)
                .header("Accept", "text/event-stream").GET().build()), 400, "E_INVALIDARG", "0x80070057");
    }

    @Test
    void notify_flags_keep_only_the_notifications_asked_for() throws Exception {
        files.add("/flags/p.bin", 20_000);
        String id = create("{\"displayName\":\"flags\",\"files\":[" + file("/flags/p.bin", "p.bin", null) + "]}");
        List<String> names = Collections.synchronizedList(new ArrayList<>());
        Thread reader = readEvents("/v1/jobs/" + id + "/events?notify=JobTransferred", names);
        TestNode.ok(node.post("/v1/jobs/" + id + "/resume", alice));
        awaitState(id, "TRANSFERRED", Duration.ofSeconds(60));
        TestNode.ok(node.post("/v1/jobs/" + id + "/cancel", alice));
        reader.join(10_000);
        assertThat(reader.isAlive()).as("the stream ends when the job is final").isFalse();
        assertThat(names).as("the opening snapshot, then only JobTransferred").containsExactly("JobModification", "JobTransferred");
    }

    /** Opens an event stream and collects its event names on a thread, once the opening event came. */
    static Thread readEvents(String path, List<String> names) throws Exception {
        HttpResponse<Stream<String>> response = TestNode.HTTP_CLIENT.send(node.request(path, alice)
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        Thread reader = new Thread(() -> response.body().filter(l -> l.startsWith("event:"))
                .forEach(l -> names.add(l.substring(6).trim())));
        reader.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> !names.isEmpty());
        return reader;
    }
}
