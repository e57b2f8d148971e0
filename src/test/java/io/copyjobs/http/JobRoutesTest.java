package io.copyjobs.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.job.Actor;
import io.copyjobs.job.Command;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.FileSpec;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobSpec;
import io.copyjobs.job.Priority;
import io.copyjobs.job.PropertyChanges;
import io.copyjobs.testing.ScriptedCommandBus.Sent;
import io.copyjobs.testing.ScriptedCommandBus.Step;
import io.copyjobs.wire.CommandRecord;
import io.copyjobs.wire.IdempotencyRecord;
import io.copyjobs.wire.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;

import static io.copyjobs.http.RouteFixture.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command routes of SPEC §5 on the real HTTP edge: what each route sends to the command bus
 * (step, actor, operation, Idempotency-Key, If-Match, files) and how an outcome is answered.
 */
class JobRoutesTest {
    @RegisterExtension
    static final RouteFixture node = new RouteFixture();
    Job job;

    @BeforeEach
    void storeAJob() {
        job = node.stored("alice", Instant.now());
    }

    /** Every command on {@link #job} is applied and answered with the job. */
    void applied() {
        node.bus.answer(c -> Outcome.applied(c.requestId(), job, null, false));
    }

    HttpResponse<String> post(String path, String body, String... headers) {
        HttpRequest.Builder b = node.request(path, node.token("alice")).header("Content-Type", "application/json");
        return node.send((headers.length == 0 ? b : b.headers(headers)).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void create_job_is_201_with_location_and_etag_and_sends_the_caller_s_spec_to_the_owner_step() {
        node.bus.answer(RouteFixture::created);

        HttpResponse<String> r = post("/v1/jobs", "{\"displayName\":\"nightly\",\"priority\":\"HIGH\",\"files\":["
                + "{\"remoteUrl\":\"https://example.com/a.bin\",\"localName\":\"a.bin\"}]}", "Idempotency-Key", "k-1");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = RouteFixture.json(r);
        String id = body.get("id").asText();
        assertThat(r.headers().firstValue("Location")).contains("/v1/jobs/" + id);
        assertThat(r.headers().firstValue("ETag")).hasValueSatisfying(e -> assertThat(e).matches("\"1-[0-9a-f]+\""));
        assertThat(r.headers().firstValue("Content-Type")).contains(Responses.JSON);
        assertThat(r.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(body.get("owner").asText()).isEqualTo("alice");
        Sent sent = node.bus.only();
        assertThat(sent.step()).isEqualTo(Step.OWNER);
        CommandRecord command = sent.command();
        assertThat(command.actorValue()).isEqualTo(new Actor("alice", false));
        assertThat(command.jobId()).as("the owner step mints it").isNull();
        assertThat(command.idempotencyKey()).isEqualTo("k-1");
        assertThat(command.command()).isEqualTo(new Command.CreateJob(new JobSpec("nightly", null, null, Priority.HIGH,
                List.of(new FileSpec("https://example.com/a.bin", "a.bin", null)), null, null, null)));
    }

    @Test
    void a_replayed_create_is_201_again_and_says_so() {
        node.bus.answer(c -> Outcome.replay(c.requestId(), IdempotencyRecord.created(job.id(), Instant.now(), null), job));

        HttpResponse<String> r = post("/v1/jobs", RouteFixture.ONE_FILE, "Idempotency-Key", "k-1");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(r.headers().firstValue("Location")).contains("/v1/jobs/" + job.id());
        assertThat(r.headers().firstValue("ETag")).contains(job.etag());
    }

    @ParameterizedTest(name = "{0} sends {1}")
    @CsvSource({"resume, Resume", "suspend, Suspend", "cancel, Cancel", "complete, Complete",
            "take-ownership, TakeOwnership"})
    void each_bodiless_route_sends_its_operation_on_the_job_to_the_job_step(String route, String operation) {
        applied();
        boolean admin = route.equals("take-ownership");
        String token = admin ? node.adminToken("root") : node.token("alice");

        HttpResponse<String> r = node.send("POST", "/v1/jobs/" + job.id() + "/" + route, token, null);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("ETag")).contains(job.etag());
        assertThat(RouteFixture.json(r).get("id").asText()).isEqualTo(job.id().toString());
        Sent sent = node.bus.only();
        assertThat(sent.step()).isEqualTo(Step.JOB);
        assertThat(sent.command().jobId()).isEqualTo(job.id());
        assertThat(sent.command().command().operation()).isEqualTo(operation);
        assertThat(sent.command().actorValue()).isEqualTo(new Actor(admin ? "root" : "alice", admin));
        assertThat(sent.command().idempotencyKey()).isNull();
    }

    @Test
    void set_properties_sends_the_changes_and_the_if_match_as_given() {
        applied();

        HttpResponse<String> r = node.send(node.request("/v1/jobs/" + job.id(), node.token("alice"))
                .header("Content-Type", "application/json").header("If-Match", "\"1-abc\", W/\"2-def\"")
                .header("Idempotency-Key", "rename-1")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"displayName\":\"renamed\"}")));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        CommandRecord sent = node.bus.only().command();
        assertThat(sent.command()).isEqualTo(new Command.SetProperties(
                new PropertyChanges("renamed", null, null, null, null, null), "\"1-abc\", W/\"2-def\""));
        assertThat(sent.idempotencyKey()).isEqualTo("rename-1");
    }

    @Test
    void add_file_set_sends_the_files() {
        applied();

        HttpResponse<String> r = post("/v1/jobs/" + job.id() + "/files", "{\"files\":[{\"remoteUrl\":"
                + "\"https://example.com/b.bin\",\"localName\":\"b.bin\",\"sha256\":\"" + "ab".repeat(32) + "\"}]}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(node.bus.only().command().command()).isEqualTo(new Command.AddFiles(
                List.of(new FileSpec("https://example.com/b.bin", "b.bin", "ab".repeat(32)))));
    }

    @Test
    void complete_with_unfinished_files_carries_BG_S_PARTIAL_COMPLETE_beside_the_job() {
        node.bus.answer(c -> Outcome.applied(c.requestId(), job, ErrorCode.BG_S_PARTIAL_COMPLETE, false));

        HttpResponse<String> r = node.send("POST", "/v1/jobs/" + job.id() + "/complete", node.token("alice"), null);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains(Responses.JSON);
        assertThat(r.headers().firstValue("ETag")).contains(job.etag());
        JsonNode body = RouteFixture.json(r);
        assertThat(body.get("id").asText()).isEqualTo(job.id().toString());
        assertThat(body.get("result").get("code").asText()).isEqualTo("BG_S_PARTIAL_COMPLETE");
        assertThat(body.get("result").get("hresult").asText()).isEqualTo("0x00200017");
    }

    @Test
    void an_unchanged_outcome_is_200_with_the_job_and_no_result() {
        node.bus.answer(c -> Outcome.unchanged(c.requestId(), job));

        HttpResponse<String> r = node.send("POST", "/v1/jobs/" + job.id() + "/suspend", node.token("alice"), null);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(RouteFixture.json(r).has("result")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"resume", "suspend", "cancel", "complete", "take-ownership"})
    void a_bodiless_route_takes_an_empty_object_and_refuses_anything_else(String route) {
        applied();
        String path = "/v1/jobs/" + job.id() + "/" + route;
        String token = node.adminToken("root");

        assertThat(node.send("POST", path, token, "{}").statusCode()).isEqualTo(200);
        for (String body : new String[]{"{\"force\":true}", "[]", "null", "{} {}", "nope"}) {
            assertProblem(node.send("POST", path, token, body), 400, ErrorCode.E_INVALIDARG);
        }
        assertThat(node.bus.sent()).as("only the empty object was sent on").hasSize(1);
    }

    /** Not a non-ASCII key: the JDK's client sends each such character as '?', which is visible ASCII. */
    @ParameterizedTest
    @ValueSource(strings = {"with space", "tab\there", ""})
    void an_idempotency_key_that_is_not_visible_ascii_is_400_and_sends_nothing(String key) {
        applied();

        HttpResponse<String> r = post("/v1/jobs/" + job.id() + "/suspend", "{}", "Idempotency-Key", key);

        assertThat(assertProblem(r, 400, ErrorCode.E_INVALIDARG).get("detail").asText()).startsWith("Idempotency-Key:");
        assertThat(node.bus.sent()).isEmpty();
    }
}
