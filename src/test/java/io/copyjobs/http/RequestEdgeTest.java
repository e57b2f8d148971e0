package io.copyjobs.http;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.copyjobs.auth.TokenMinter;
import io.copyjobs.cluster.Peers;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.JobId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static io.copyjobs.http.RouteFixture.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the real HTTP edge refuses before a route sends anything: missing or bad credentials, bodies
 * that are not the JSON asked for, ids that are not GUIDs, routes and methods that do not exist.
 * Each is a 4xx problem, and the command bus never hears of it.
 */
class RequestEdgeTest {
    @RegisterExtension
    static final RouteFixture node = new RouteFixture();
    final JobId id = JobId.random();

    @AfterEach
    void nothingWasSent() {
        assertThat(node.bus.sent()).as("nothing reached the command bus").isEmpty();
    }

    HttpResponse<String> suspendWith(String authorization) {
        return node.send(node.request("/v1/jobs/" + id + "/suspend", null).header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    static String unsigned() {
        return new PlainJWT(new JWTClaimsSet.Builder().subject("root").claim("roles", new String[]{"copyjobs-admin"})
                .expirationTime(Date.from(Instant.now().plusSeconds(600))).build()).serialize();
    }

    @Test
    void no_token_is_401_with_www_authenticate() {
        HttpResponse<String> r = node.send("POST", "/v1/jobs/" + id + "/suspend", null, null);

        assertProblem(r, 401, ErrorCode.E_ACCESSDENIED);
        assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"copyjobs\"");
    }

    @Test
    void tokens_that_do_not_verify_are_401_with_www_authenticate() {
        byte[] otherKey = "another-secret-that-is-also-32-bytes-long".getBytes(StandardCharsets.UTF_8);
        TokenMinter mine = new TokenMinter(RouteFixture.SECRET, RouteFixture.AUTH);
        String[] refused = {"Bearer not-a-jwt", "Basic YWxpY2U6c2VjcmV0", "Bearer " + unsigned(),
                "Bearer " + new TokenMinter(otherKey, RouteFixture.AUTH).mint("alice", false, Duration.ofHours(1),
                        Instant.now()),
                "Bearer " + mine.mint("alice", false, Duration.ofMinutes(1), Instant.now().minus(Duration.ofHours(2)))};
        for (String authorization : refused) {
            HttpResponse<String> r = suspendWith(authorization);
            assertProblem(r, 401, ErrorCode.E_ACCESSDENIED);
            assertThat(r.headers().firstValue("WWW-Authenticate")).as(authorization).isPresent();
        }
    }

    @Test
    void two_authorization_headers_are_401_even_when_both_verify() {
        HttpResponse<String> r = node.send(node.request("/v1/jobs/" + id, node.token("alice"))
                .header("Authorization", "Bearer " + node.token("mallory")).GET());

        assertThat(assertProblem(r, 401, ErrorCode.E_ACCESSDENIED).get("detail").asText())
                .contains("one Authorization header");
    }

    @Test
    void a_forwarded_by_claim_without_a_node_s_proof_is_403() {
        HttpResponse<String> r = node.send(node.request("/v1/jobs/" + id, node.token("alice"))
                .header(Peers.FORWARDED, "127.0.0.1:1 forged").GET());

        assertThat(assertProblem(r, 403, ErrorCode.E_ACCESSDENIED).get("detail").asText()).startsWith(Peers.FORWARDED);
    }

    @Test
    void health_needs_no_token() {
        assertThat(node.get("/health/live", null).statusCode()).isEqualTo(200);
        assertThat(node.get("/health/ready", null).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"displayName\":                             | body: not valid JSON",
            "{\"displayName\":\"x\"} trailing               | body: not valid JSON",
            "{\"displayName\":\"x\",\"colour\":\"red\"}       | colour: unknown field",
            "{\"displayName\":5}                            | displayName: must be a string",
            "{\"displayName\":\"x\",\"priority\":3}          | priority: must be one of",
            "{\"displayName\":\"x\",\"files\":\"a.bin\"}     | files: must be an array",
            "{\"displayName\":\"x\",\"files\":[{\"remoteUrl\":7,\"localName\":\"a\"}]} | files[0].remoteUrl: must be a string",
            "[]                                             | body:",
            "null                                           | body: a JSON object is required"})
    void a_create_job_body_that_is_not_the_json_asked_for_is_400_naming_the_field(String body, String detail) {
        HttpResponse<String> r = node.send("POST", "/v1/jobs", node.token("alice"), body);

        assertThat(assertProblem(r, 400, ErrorCode.E_INVALIDARG).get("detail").asText()).startsWith(detail);
    }

    @Test
    void a_missing_body_is_400_and_a_body_that_is_not_json_is_415() {
        assertThat(assertProblem(node.send("POST", "/v1/jobs", node.token("alice"), null), 400, ErrorCode.E_INVALIDARG)
                .get("detail").asText()).startsWith("body: a JSON object is required");
        HttpResponse<String> text = node.send(node.request("/v1/jobs", node.token("alice"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(RouteFixture.ONE_FILE)));
        assertProblem(text, 415, ErrorCode.CJ_E_UNSUPPORTED_MEDIA_TYPE);
    }

    @Test
    void a_body_over_one_mebibyte_is_413() {
        String padded = "{\"displayName\":\"" + "x".repeat((int) Bodies.MAX_BYTES) + "\"}";

        HttpResponse<String> r = node.send("POST", "/v1/jobs", node.token("alice"), padded);

        assertProblem(r, 413, ErrorCode.CJ_E_BODY_TOO_LARGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope", "5ce34c0d-1b2a-4c3d-8e4f", "5ce34c0d1b2a4c3d8e4f0123456789ab", "%7B5ce34c0d%7D"})
    void an_id_that_is_not_a_guid_is_400_on_every_job_route(String bad) {
        String token = node.token("alice");
        String path = "/v1/jobs/" + bad;
        for (HttpResponse<String> r : List.of(node.get(path, token), node.send("POST", path + "/suspend", token, null),
                node.send("PATCH", path, token, "{}"), node.get(path + "/files/0/content", token))) {
            assertThat(assertProblem(r, 400, ErrorCode.E_INVALIDARG).get("detail").asText()).startsWith("id:");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/no-such-route", "/v1/jobs/5ce34c0d-1b2a-4c3d-8e4f-0123456789ab/nope", "/nope"})
    void an_unknown_route_is_a_404_problem(String path) {
        assertProblem(node.get(path, node.token("alice")), 404, ErrorCode.CJ_E_NO_ROUTE);
    }

    @Test
    void a_path_under_v1_asks_for_a_token_before_saying_whether_it_exists() {
        assertProblem(node.get("/v1/no-such-route", null), 401, ErrorCode.E_ACCESSDENIED);
    }

    @Test
    void a_method_a_route_does_not_take_is_405() {
        String token = node.token("alice");
        assertProblem(node.send("DELETE", "/v1/jobs/" + id, token, null), 405, ErrorCode.CJ_E_METHOD_NOT_ALLOWED);
        assertProblem(node.send("PUT", "/v1/jobs", token, "{}"), 405, ErrorCode.CJ_E_METHOD_NOT_ALLOWED);
        assertProblem(node.send("GET", "/v1/jobs/" + id + "/resume", token, null), 405, ErrorCode.CJ_E_METHOD_NOT_ALLOWED);
    }
}
