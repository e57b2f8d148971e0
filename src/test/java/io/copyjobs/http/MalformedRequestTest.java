package io.copyjobs.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.Job;
import io.copyjobs.testing.CapturedLogs;
import io.copyjobs.testing.RawHttp;
import io.copyjobs.wire.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import static io.copyjobs.http.RouteFixture.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Requests malformed below the JSON, written byte by byte where no HTTP client would send them:
 * queries, paths, framing, versions, headers. Each is a 4xx problem with a code, never a 500, and
 * costs the log no warning.
 */
class MalformedRequestTest {
    /** The loggers whose warnings a client must not be able to cause. */
    static final String EDGE = "io\\.copyjobs\\.http.*|org\\.eclipse\\.jetty.*|io\\.javalin.*";
    static final Logger BODIES = (Logger) LoggerFactory.getLogger(Bodies.class);
    @RegisterExtension
    static final RouteFixture node = new RouteFixture();
    static CapturedLogs logs;
    Job job;
    String token;

    @BeforeAll
    static void capture() {
        BODIES.setLevel(Level.DEBUG);
        logs = new CapturedLogs();
    }

    @AfterAll
    static void release() {
        logs.close();
        BODIES.setLevel(null);
    }

    @BeforeEach
    void storeAJob() {
        job = node.stored("alice", Instant.now());
        token = node.token("alice");
        node.bus.answer(c -> Outcome.applied(c.requestId(), job, null, false));
    }

    RawHttp.Answer raw(String request) {
        return RawHttp.send(node.port(), request);
    }

    @ParameterizedTest
    @ValueSource(strings = {"?cursor=%%%", "?x=%zz", "?limit=%zz", "?x=%", "?state=%C0%AF", "?x=%ED%A0%80",
            "?limit=5&limit=6"})
    void a_malformed_query_is_400_on_every_route(String query) {
        int before = logs.atLeast(Level.WARN, EDGE).size();
        for (String path : new String[]{"/v1/jobs", "/v1/jobs/" + job.id(), "/v1/jobs/" + job.id() + "/files/0/content"}) {
            assertProblem(raw(RawHttp.request("GET " + path + query + " HTTP/1.1", token)), 400, ErrorCode.E_INVALIDARG);
        }
        assertThat(logs.atLeast(Level.WARN, EDGE)).hasSize(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"?limit=%D9%A5", "?limit=%2B5", "?limit=0", "?limit=1001", "?state=,,", "?state=SUSPENDED,",
            "?allUsers=1"})
    void a_list_parameter_that_is_not_plainly_valid_is_400_naming_it(String query) {
        HttpResponse<String> r = node.get("/v1/jobs" + query, token);

        assertThat(assertProblem(r, 400, ErrorCode.E_INVALIDARG).get("detail").asText())
                .startsWith(query.substring(1, query.indexOf('=')) + ":");
    }

    @Test
    void raw_and_encoded_braces_name_the_job_on_every_job_route() {
        String id = job.id().toString();
        String upper = id.toUpperCase(Locale.ROOT);
        for (String form : new String[]{"{" + id + "}", "{" + upper + "}", "%7B" + id + "%7D", "%7b" + upper + "%7d"}) {
            RawHttp.Answer got = raw(RawHttp.request("GET /v1/jobs/" + form + " HTTP/1.1", token));
            assertThat(got.status()).as(form + ": " + got.body()).isEqualTo(200);
            assertThat(got.json().get("id").asText()).isEqualTo(id);
            assertThat(raw(RawHttp.request("POST /v1/jobs/" + form + "/suspend HTTP/1.1", token, "Content-Length: 0"))
                    .status()).as(form).isEqualTo(200);
            assertThat(raw(RawHttp.request("PATCH /v1/jobs/" + form + " HTTP/1.1", token, "Content-Type: application/json",
                    "Content-Length: 2") + "{}").status()).as(form).isEqualTo(200);
            // Not transferred yet: the id was understood, and the file looked up.
            assertProblem(raw(RawHttp.request("GET /v1/jobs/" + form + "/files/0/content HTTP/1.1", token)), 409,
                    ErrorCode.BG_E_INVALID_STATE);
        }
        assertThat(node.bus.sent()).hasSize(8).allSatisfy(s -> assertThat(s.command().jobId()).isEqualTo(job.id()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"<", ">", "|", "^", "`", "\"", "\\"})
    void other_characters_rfc_3986_leaves_out_of_paths_are_400(String c) {
        assertProblem(raw(RawHttp.request("GET /v1/jobs/" + job.id() + c + " HTTP/1.1", token)), 400,
                ErrorCode.E_INVALIDARG);
    }

    @Test
    void a_malformed_or_cut_chunked_body_is_400_without_a_logged_warning() {
        int before = logs.atLeast(Level.WARN, EDGE).size();
        String post = RawHttp.request("POST /v1/jobs HTTP/1.1", token, "Content-Type: application/json",
                "Transfer-Encoding: chunked");

        assertProblem(raw(post + "zz\r\n{}\r\n0\r\n\r\n"), 400, ErrorCode.E_INVALIDARG);
        assertProblem(raw(post + "10\r\n{\"displayName\":\"x\"}\r\n0\r\n\r\n"), 400, ErrorCode.E_INVALIDARG);
        assertThat(logs.atLeast(Level.WARN, EDGE)).hasSize(before);
        assertThat(node.bus.sent()).isEmpty();
    }

    @Test
    void chunked_framing_in_http_1_0_is_400_and_sends_nothing() {
        String body = "{\"displayName\":\"http10\"}";
        RawHttp.Answer a = raw(RawHttp.request("POST /v1/jobs HTTP/1.0", token, "Content-Type: application/json",
                "Transfer-Encoding: chunked") + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n");

        assertThat(assertProblem(a, 400, ErrorCode.E_INVALIDARG).get("detail").asText()).startsWith("Transfer-Encoding:");
        assertThat(node.bus.sent()).isEmpty();
    }

    @Test
    void an_unsupported_http_version_is_505_or_426_coded_CJ_E_HTTP_VERSION() {
        assertProblem(raw(RawHttp.request("GET /v1/jobs HTTP/1.2", token)), 505, ErrorCode.CJ_E_HTTP_VERSION);
        assertProblem(raw(RawHttp.request("GET /v1/jobs HTTP/2.0", token)), 426, ErrorCode.CJ_E_HTTP_VERSION);
    }

    @Test
    void a_client_that_hangs_up_mid_body_costs_one_debug_line_and_no_warning() {
        int warnings = logs.atLeast(Level.WARN, EDGE).size();
        long before = logs.from(BODIES.getName());

        RawHttp.hangUp(node.port(), RawHttp.request("POST /v1/jobs HTTP/1.1", token, "Content-Type: application/json",
                "Content-Length: 100") + "{\"disp");
        RawHttp.hangUp(node.port(), RawHttp.request("POST /v1/jobs HTTP/1.1", token, "Content-Type: application/json",
                "Transfer-Encoding: chunked") + "5\r\n{\"dis");

        await().atMost(Duration.ofSeconds(60)).until(() -> logs.from(BODIES.getName()) == before + 2);
        assertThat(logs.atLeast(Level.WARN, EDGE)).hasSize(warnings);
        assertThat(node.bus.sent()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1", "-1", "1.0", "0x10", "99999999999999999999", "1 2"})
    void a_min_version_that_is_not_plain_digits_is_400(String value) {
        HttpResponse<String> r = node.send(node.request("/v1/jobs/" + job.id(), token)
                .header("Copyjobs-Min-Version", value).GET());

        assertProblem(r, 400, ErrorCode.E_INVALIDARG);
    }

    @Test
    void a_single_valued_header_sent_twice_is_400_not_half_read() {
        assertProblem(raw(RawHttp.request("POST /v1/jobs/" + job.id() + "/suspend HTTP/1.1", token,
                "Content-Length: 0", "Idempotency-Key: one", "Idempotency-Key: two")), 400, ErrorCode.E_INVALIDARG);
        assertProblem(raw(RawHttp.request("GET /v1/jobs/" + job.id() + " HTTP/1.1", token,
                "Copyjobs-Min-Version: 1", "Copyjobs-Min-Version: 999")), 400, ErrorCode.E_INVALIDARG);
        assertThat(node.bus.sent()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1-abc", "\"unterminated", "W/", "\"a\" \"b\"", "\"a\",,", "**"})
    void an_if_match_that_is_no_entity_tag_list_is_400_not_412(String value) {
        HttpResponse<String> r = node.send(node.request("/v1/jobs/" + job.id(), token).header("If-Match", value)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"description\":\"x\"}")));

        assertThat(assertProblem(r, 400, ErrorCode.E_INVALIDARG).get("detail").asText()).startsWith("If-Match:");
        assertThat(node.bus.sent()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"%D9%A0", "+0", "-0", "00000000000"})
    void a_file_index_in_other_digits_or_with_a_sign_is_400(String n) {
        assertProblem(node.get("/v1/jobs/" + job.id() + "/files/" + n + "/content", token), 400, ErrorCode.E_INVALIDARG);
    }
}
