package io.copyjobs.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.Job;
import io.copyjobs.job.Rejection;
import io.copyjobs.job.ReplaceRemotePrefix;
import io.copyjobs.job.SetRemoteName;
import io.copyjobs.wire.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

import static io.copyjobs.http.RouteFixture.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PATCH /v1/jobs/{id}/files/{n} (SetRemoteName) and POST /v1/jobs/{id}/replace-remote-prefix on
 * the real HTTP edge: what they send, how the outcome is answered, and a 400 naming the field for
 * every bad input, refused before anything reaches Kafka.
 */
class RemoteNameRoutesTest {
    @RegisterExtension
    static final RouteFixture node = new RouteFixture();
    Job job;

    @BeforeEach
    void storeAJob() {
        job = node.stored("alice", Instant.now());
    }

    private HttpResponse<String> patchFile(String index, String body) {
        return node.send("PATCH", "/v1/jobs/" + job.id() + "/files/" + index, node.token("alice"), body);
    }

    private HttpResponse<String> replace(String body) {
        return node.send("POST", "/v1/jobs/" + job.id() + "/replace-remote-prefix", node.token("alice"), body);
    }

    @Test
    void patch_of_a_file_sends_set_remote_name_and_answers_the_job() {
        node.bus.answer(c -> Outcome.applied(c.requestId(), job, null, false));

        HttpResponse<String> r = patchFile("0", "{\"remoteUrl\":\"https://mirror.example.com/a.bin?sig=2\"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("ETag")).contains(job.etag());
        assertThat(RouteFixture.json(r).get("id").asText()).isEqualTo(job.id().toString());
        assertThat(node.bus.only().command().command())
                .isEqualTo(new SetRemoteName(0, "https://mirror.example.com/a.bin?sig=2"));
    }

    @Test
    void replace_remote_prefix_sends_both_prefixes_and_a_match_of_nothing_answers_S_FALSE_beside_the_job() {
        node.bus.answer(c -> Outcome.unchanged(c.requestId(), job, ErrorCode.S_FALSE));

        HttpResponse<String> r = replace("{\"oldPrefix\":\"https://old.example.com/\","
                + "\"newPrefix\":\"https://new.example.com/\"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = RouteFixture.json(r);
        assertThat(body.get("id").asText()).isEqualTo(job.id().toString());
        assertThat(body.get("result").get("code").asText()).isEqualTo("S_FALSE");
        assertThat(body.get("result").get("hresult").asText()).isEqualTo("0x00000001");
        assertThat(node.bus.only().command().command())
                .isEqualTo(new ReplaceRemotePrefix("https://old.example.com/", "https://new.example.com/"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{}|remoteUrl",
        "{\"remoteUrl\":\"\"}|remoteUrl",
        "{\"remoteUrl\":\"ftp://example.com/a\"}|remoteUrl",
        "{\"remoteUrl\":\"https:///a\"}|remoteUrl",
        "{\"remoteUrl\":\"https://example.com/a\\u0007\"}|remoteUrl",
        "{\"remoteUrl\":7}|remoteUrl",
        "{\"remoteUrl\":\"https://example.com/a\",\"localName\":\"b\"}|localName"})
    void a_bad_set_remote_name_body_is_400_naming_the_field(String body, String field) {
        assertBadInput(patchFile("0", body), field);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"-1", "x", "99999999999"})
    void a_file_index_that_is_no_number_from_0_is_400_naming_it(String index) {
        assertBadInput(patchFile(index, "{\"remoteUrl\":\"https://example.com/a\"}"), "n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"newPrefix\":\"https://b/\"}|oldPrefix",
        "{\"oldPrefix\":\"\",\"newPrefix\":\"https://b/\"}|oldPrefix",
        "{\"oldPrefix\":\"https://a/\"}|newPrefix",
        "{\"oldPrefix\":\"https://a/\",\"newPrefix\":\"\"}|newPrefix",
        "{\"oldPrefix\":\"https://a/\",\"newPrefix\":\"https://b/\\r\\n\"}|newPrefix",
        "{\"oldPrefix\":\"https://a/\",\"newPrefix\":\"https://b/\",\"all\":true}|all"})
    void a_bad_replace_remote_prefix_body_is_400_naming_the_field(String body, String field) {
        assertBadInput(replace(body), field);
    }

    @Test
    void a_missing_body_or_one_that_is_not_json_is_refused_before_kafka() {
        assertProblem(patchFile("0", null), 400, ErrorCode.E_INVALIDARG);
        HttpResponse<String> r = node.send(node.request("/v1/jobs/" + job.id() + "/replace-remote-prefix",
                node.token("alice")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("x")));
        assertProblem(r, 415, ErrorCode.CJ_E_UNSUPPORTED_MEDIA_TYPE);
        assertThat(node.bus.sent()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"BG_E_INVALID_STATE, 409", "DO_E_NOT_FOUND, 404", "E_ACCESSDENIED, 403", "E_INVALIDARG, 400"})
    void a_refusal_of_the_job_step_is_answered_as_its_problem(ErrorCode code, int status) {
        node.bus.answer(c -> Outcome.rejected(c.requestId(), job.id(), Rejection.of(code, "refused: " + code)));

        JsonNode p = assertProblem(patchFile("0", "{\"remoteUrl\":\"https://example.com/b\"}"), status, code);

        assertThat(p.get("detail").asText()).isEqualTo("refused: " + code);
    }

    private void assertBadInput(HttpResponse<String> r, String field) {
        JsonNode p = assertProblem(r, 400, ErrorCode.E_INVALIDARG);
        assertThat(p.get("detail").asText()).containsPattern("\\b" + field + "\\b");
        assertThat(node.bus.sent()).as("nothing reaches Kafka").isEmpty();
    }
}
