package io.copyjobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.job.Command;
import io.copyjobs.job.JobId;
import io.copyjobs.job.TransferError;
import io.copyjobs.testing.Spec2Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.copyjobs.it.GetJobContract.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The BITS job operations over HTTP on a real node and broker (SPEC §2, §3, §5). */
class JobApiIT {
    static final String TWO_FILES = "{\"displayName\":\"nightly\",\"files\":["
            + "{\"remoteUrl\":\"https://example.com/a.bin\",\"localName\":\"a.bin\"},"
            + "{\"remoteUrl\":\"https://example.com/b.bin\",\"localName\":\"b.bin\"}]}";
    static String namespace = TestNode.freshNamespace("jobapi");
    static TestNode node;
    static EngineReports engine;
    static String alice;

    @BeforeAll
    static void start() {
        node = TestNode.start(namespace, Map.of());
        engine = new EngineReports(namespace);
        alice = node.token("alice");
    }

    @AfterAll
    static void stop() {
        engine.close();
        node.close();
    }

    /** The job as an administrator sees it (alice loses sight of it when root takes it over). */
    static JsonNode job(String id) {
        HttpResponse<String> r = node.get("/v1/jobs/" + id, node.adminToken("auditor"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TestNode.json(r);
    }

    static String create() {
        HttpResponse<String> r = node.post("/v1/jobs", alice, TWO_FILES);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return TestNode.json(r).get("id").asText();
    }

    /** A job of alice's with two files, driven into {@code state} by client calls and engine reports. */
    static String jobIn(String state) {
        String id = create();
        JobId jobId = JobId.parse(id).orElseThrow();
        switch (state) {
            case "SUSPENDED" -> { }
            case "ACKNOWLEDGED" -> TestNode.ok(node.post("/v1/jobs/" + id + "/complete", alice));
            case "CANCELLED" -> TestNode.ok(node.post("/v1/jobs/" + id + "/cancel", alice));
            default -> {
                TestNode.ok(node.post("/v1/jobs/" + id + "/resume", alice));
                if (!state.equals("QUEUED")) {
                    engine.send(jobId, new Command.StartTransfer());
                }
                switch (state) {
                    case "TRANSFERRING" -> engine.send(jobId, new Command.ReportProgress(0, 10, 10, true, "n1", 0, 0, null));
                    case "TRANSFERRED" -> {
                        engine.send(jobId, new Command.ReportProgress(0, 10, 10, true, "n1", 0, 0, null));
                        engine.send(jobId, new Command.ReportProgress(1, 20, 20, true, "n1", 0, 0, null));
                    }
                    case "TRANSIENT_ERROR" -> engine.send(jobId,
                            new Command.FailTransfer(TransferError.http(503, "busy", 0), true));
                    case "ERROR" -> engine.send(jobId, new Command.FailTransfer(TransferError.http(404, "gone", 0), false));
                    default -> { }
                }
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> job(id).get("state").asText().equals(state));
        return id;
    }

    /**
     * The cells that show each kind of answer over HTTP (applied with a new state, applied in the
     * same state, unchanged, refused): every operation on a SUSPENDED and a CANCELLED job, and
     * Resume of a TRANSFERRED one. StateMatrixTopologyTest runs all 63 through the topology.
     */
    static Stream<Arguments> matrix() {
        return Stream.concat(Spec2Table.cells(state -> state.equals("SUSPENDED") || state.equals("CANCELLED")),
                Stream.of(Arguments.of("resume", "TRANSFERRED", "U")));
    }

    static HttpResponse<String> call(String route, String id) {
        String path = "/v1/jobs/" + id;
        return switch (route) {
            case "files" -> node.post(path + "/files", alice,
                    "{\"files\":[{\"remoteUrl\":\"https://example.com/c.bin\",\"localName\":\"c.bin\"}]}");
            case "patch" -> node.patch(path, alice, "{\"displayName\":\"renamed\"}", null);
            case "take-ownership" -> node.post(path + "/take-ownership", node.adminToken("root"));
            default -> node.post(path + "/" + route, alice);
        };
    }

    @ParameterizedTest(name = "{0} in {1} gives {2}")
    @MethodSource("matrix")
    void each_kind_of_answer_of_SPEC_2_is_mapped_to_HTTP(String route, String state, String expected) {
        String id = jobIn(state);
        JsonNode before = job(id);

        HttpResponse<String> r = call(route, id);

        JsonNode after = job(id);
        if (expected.startsWith("BG_E_")) {
            assertProblem(r, 409, expected, expected.equals("BG_E_INVALID_STATE") ? "0x80200002" : "");
            assertThat(TestNode.json(r).get("detail").asText()).contains(state);
            assertThat(after).as("a rejected command changes nothing").isEqualTo(before);
            return;
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answered = TestNode.json(r);
        assertThat(answered.get("id").asText()).isEqualTo(id);
        assertThat(r.headers().firstValue("ETag")).isPresent();
        if (expected.equals("U")) {
            assertThat(after.get("version")).isEqualTo(before.get("version"));
        } else {
            assertThat(after.get("version").asLong()).isEqualTo(before.get("version").asLong() + 1);
            assertThat(after.get("state").asText()).isEqualTo(expected.equals("same") ? state : expected);
        }
    }

    @Test
    void complete_with_unfinished_files_carries_BG_S_PARTIAL_COMPLETE_beside_the_job() {
        String id = jobIn("TRANSFERRING");
        HttpResponse<String> r = node.post("/v1/jobs/" + id + "/complete", alice);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = TestNode.json(r);
        assertThat(body.get("state").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(body.get("result").get("code").asText()).isEqualTo("BG_S_PARTIAL_COMPLETE");
        assertThat(body.get("result").get("hresult").asText()).isEqualTo("0x00200017");

        HttpResponse<String> whole = node.post("/v1/jobs/" + jobIn("TRANSFERRED") + "/complete", alice);
        assertThat(TestNode.json(whole).has("result")).as("no result on plain success").isFalse();
    }

    @Test
    void resume_of_a_job_without_files_is_409_BG_E_EMPTY() {
        String id = TestNode.json(node.post("/v1/jobs", alice, "{\"displayName\":\"empty\"}")).get("id").asText();
        assertProblem(node.post("/v1/jobs/" + id + "/resume", alice), 409, "BG_E_EMPTY", "0x80200003");
    }

    @Test
    void a_stranger_may_not_command_a_job_and_take_ownership_is_for_administrators() {
        String id = create();
        assertProblem(node.post("/v1/jobs/" + id + "/cancel", node.token("mallory")), 403, "E_ACCESSDENIED", "0x80070005");
        assertProblem(node.post("/v1/jobs/" + id + "/take-ownership", alice), 403, "E_ACCESSDENIED", "0x80070005");

        HttpResponse<String> taken = node.post("/v1/jobs/" + id + "/take-ownership", node.adminToken("root"));
        assertThat(TestNode.json(taken).get("owner").asText()).isEqualTo("root");
        assertProblem(node.get("/v1/jobs/" + id, alice), 403, "E_ACCESSDENIED", "0x80070005");
    }

    @Test
    void more_than_200_files_is_409_BG_E_TOO_MANY_FILES_IN_JOB_in_one_call_or_over_several() {
        String id = create();
        assertProblem(node.post("/v1/jobs/" + id + "/files", alice, files(201)), 409, "BG_E_TOO_MANY_FILES_IN_JOB", "0x80200051");
        assertThat(node.post("/v1/jobs/" + id + "/files", alice, files(198)).statusCode()).isEqualTo(200);
        assertProblem(node.post("/v1/jobs/" + id + "/files", alice, files(1)), 409, "BG_E_TOO_MANY_FILES_IN_JOB", "0x80200051");
        assertThat(job(id).get("files").size()).isEqualTo(200);
    }

    static String files(int n) {
        StringBuilder b = new StringBuilder("{\"files\":[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("{\"remoteUrl\":\"https://example.com/").append(i)
                    .append("\",\"localName\":\"f").append(i).append("\"}");
        }
        return b.append("]}").toString();
    }

    @Test
    void an_upload_job_is_501_E_NOTIMPL_and_a_long_description_BG_E_STRING_TOO_LONG() {
        assertProblem(node.post("/v1/jobs", alice, "{\"displayName\":\"up\",\"type\":\"UPLOAD\"}"), 501, "E_NOTIMPL", "0x80004001");
        assertProblem(node.post("/v1/jobs", alice, "{\"displayName\":\"d\",\"description\":\"" + "x".repeat(1025) + "\"}"),
                400, "BG_E_STRING_TOO_LONG", "0x80200021");
    }

    @Test
    void set_properties_honours_if_match_and_a_stale_etag_is_412() {
        String id = create();
        HttpResponse<String> current = node.get("/v1/jobs/" + id, alice);
        String etag = current.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> changed = node.patch("/v1/jobs/" + id, alice, "{\"priority\":\"FOREGROUND\"}", etag);
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(TestNode.json(changed).get("priority").asText()).isEqualTo("FOREGROUND");

        assertProblem(node.patch("/v1/jobs/" + id, alice, "{\"priority\":\"LOW\"}", etag), 412, "CJ_E_PRECONDITION", "0xA0C10001");
        assertThat(job(id).get("priority").asText()).isEqualTo("FOREGROUND");
    }

    @Test
    void a_retried_create_with_the_same_idempotency_key_returns_the_same_job() {
        String key = "create-" + System.nanoTime();
        HttpResponse<String> first = node.send(node.request("/v1/jobs", alice).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(TWO_FILES)).build());
        HttpResponse<String> retry = node.send(node.request("/v1/jobs", alice).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(TWO_FILES)).build());

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(TestNode.json(retry).get("id")).isEqualTo(TestNode.json(first).get("id"));
    }

    @Test
    void a_retried_command_applies_nothing_again_and_answers_the_first_status_with_the_job_as_it_is_now() {
        String id = create();
        HttpResponse<String> first = withKey("/v1/jobs/" + id + "/resume", "resume-1");
        TestNode.ok(node.post("/v1/jobs/" + id + "/suspend", alice));
        HttpResponse<String> retry = withKey("/v1/jobs/" + id + "/resume", "resume-1");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(TestNode.json(retry).get("state").asText()).isEqualTo("SUSPENDED");

        String done = jobIn("CANCELLED");
        HttpResponse<String> rejected = withKey("/v1/jobs/" + done + "/resume", "r");
        HttpResponse<String> rejectedAgain = withKey("/v1/jobs/" + done + "/resume", "r");
        assertProblem(rejectedAgain, 409, "BG_E_INVALID_STATE", "0x80200002");
        assertThat(rejected.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(rejectedAgain.headers().firstValue("Idempotent-Replayed")).contains("true");
    }

    @Test
    void a_former_owner_s_retry_after_take_ownership_is_403_for_create_and_for_a_job_command() {
        String key = "takeover-" + System.nanoTime();
        HttpResponse<String> made = createWithKey(key, TWO_FILES);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        String id = TestNode.json(made).get("id").asText();
        assertThat(withKey("/v1/jobs/" + id + "/resume", key).statusCode()).isEqualTo(200);
        String root = node.adminToken("root");
        assertThat(node.post("/v1/jobs/" + id + "/take-ownership", root).statusCode()).isEqualTo(200);
        assertThat(node.patch("/v1/jobs/" + id, root, "{\"displayName\":\"root-secret-name\"}", null).statusCode())
                .isEqualTo(200);

        for (HttpResponse<String> retry : List.of(createWithKey(key, TWO_FILES), withKey("/v1/jobs/" + id + "/resume", key))) {
            assertProblem(retry, 403, "E_ACCESSDENIED", "0x80070005");
            assertThat(retry.body()).doesNotContain("root-secret-name").doesNotContain("\"owner\"");
            assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
        }
    }

    @Test
    void a_key_sent_again_with_another_body_is_422_CJ_E_IDEMPOTENCY_KEY_REUSED() {
        String key = "reuse-" + System.nanoTime();
        HttpResponse<String> first = createWithKey(key, TWO_FILES);
        assertThat(first.statusCode()).isEqualTo(201);
        String id = TestNode.json(first).get("id").asText();

        HttpResponse<String> other = createWithKey(key, "{\"displayName\":\"another job\"}");
        assertProblem(other, 422, "CJ_E_IDEMPOTENCY_KEY_REUSED", "0xA0C1000D");
        assertThat(other.body()).doesNotContain(id);

        assertThat(withKey("/v1/jobs/" + id + "/resume", "cmd-" + key).statusCode()).isEqualTo(200);
        assertProblem(withKey("/v1/jobs/" + id + "/suspend", "cmd-" + key), 422, "CJ_E_IDEMPOTENCY_KEY_REUSED",
                "0xA0C1000D");
        HttpResponse<String> same = createWithKey(key, TWO_FILES);
        assertThat(same.statusCode()).isEqualTo(201);
        assertThat(same.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(TestNode.json(same).get("state").asText()).as("the job as it is now").isEqualTo("QUEUED");
    }

    static HttpResponse<String> createWithKey(String key, String body) {
        return node.send(node.request("/v1/jobs", alice).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static HttpResponse<String> withKey(String path, String key) {
        return node.send(node.request(path, alice).header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    @Test
    void a_bodiless_operation_accepts_no_body_or_an_empty_object_and_refuses_other_bodies() {
        String id = create();
        assertThat(node.post("/v1/jobs/" + id + "/suspend", alice, "{}").statusCode()).isEqualTo(200);
        assertProblem(node.post("/v1/jobs/" + id + "/suspend", alice, "{\"force\":true}"), 400, "E_INVALIDARG", "0x80070057");
        assertProblem(node.send(node.request("/v1/jobs/" + id + "/suspend", alice).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("now")).build()), 415,
                "CJ_E_UNSUPPORTED_MEDIA_TYPE", "0xA0C10007");
    }

    /**
     * The one strict-input rule the HTTP edge cannot check alone (route tests in
     * io.copyjobs.http have the rest): the job step refuses a file placed where an existing
     * file, its part file or its folder is.
     */
    @Test
    void a_file_added_where_an_existing_file_s_part_file_or_folder_is_is_refused() {
        HttpResponse<String> made = node.post("/v1/jobs", alice, "{\"displayName\":\"places\",\"files\":["
                + "{\"remoteUrl\":\"https://example.com/a\",\"localName\":\"dir/a.bin\"}]}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        String id = TestNode.json(made).get("id").asText();
        for (String name : new String[] {"DIR/A.BIN", "dir/a.bin.part/x", "dir/a.bin.part.meta/x", "dir", "dir/a.bin/c"}) {
            HttpResponse<String> r = node.post("/v1/jobs/" + id + "/files", alice, "{\"files\":[{\"remoteUrl\":"
                    + "\"https://example.com/b\",\"localName\":\"" + name + "\"}]}");
            assertProblem(r, 400, "E_INVALIDARG", "0x80070057");
            assertThat(TestNode.json(r).get("detail").asText()).as(name).startsWith("files[0].localName:");
        }
        assertThat(node.post("/v1/jobs/" + id + "/files", alice, "{\"files\":[{\"remoteUrl\":"
                + "\"https://example.com/b\",\"localName\":\"dir/b.bin\"}]}").statusCode()).isEqualTo(200);
    }
}
