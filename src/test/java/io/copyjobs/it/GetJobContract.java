package io.copyjobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.copyjobs.auth.AuthSettings;
import io.copyjobs.auth.TokenMinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CreateJob and GetJob as SPEC §3–§5 say, on a real node and a real broker. Subclasses say which
 * broker: the embedded one here, a Testcontainers Kafka where Docker runs.
 */
abstract class GetJobContract {

    abstract TestNode node();

    String create(String owner) {
        HttpResponse<String> r = node().post("/v1/jobs", node().token(owner),
                "{\"displayName\":\"nightly\",\"files\":[{\"remoteUrl\":\"https://example.com/a.iso\",\"localName\":\"a.iso\"}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return TestNode.json(r).get("id").asText();
    }

    static void assertProblem(HttpResponse<String> r, int status, String code, String hresult) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode p = TestNode.json(r);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("code").asText()).isEqualTo(code);
        assertThat(p.get("hresult").isTextual()).isTrue();
        assertThat(p.get("hresult").asText()).isEqualTo(hresult);
        assertThat(p.get("instance").asText()).contains(r.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(p.has("title")).isTrue();
        assertThat(p.get("detail").asText()).isNotBlank();
    }

    @Test
    void create_answers_201_with_location_and_a_suspended_job_of_the_caller_that_get_finds_at_once() {
        HttpResponse<String> created = node().post("/v1/jobs", node().token("alice"),
                "{\"displayName\":\"nightly\",\"priority\":\"HIGH\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode job = TestNode.json(created);
        String id = job.get("id").asText();
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(created.headers().firstValue("Location")).contains("/v1/jobs/" + id);
        assertThat(job.get("state").asText()).isEqualTo("SUSPENDED");
        assertThat(job.get("owner").asText()).isEqualTo("alice");
        assertThat(job.get("priority").asText()).isEqualTo("HIGH");
        assertThat(job.get("version").asLong()).isEqualTo(1);

        HttpResponse<String> got = node().get("/v1/jobs/" + id, node().token("alice"));
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(TestNode.json(got)).isEqualTo(job);
        assertThat(got.headers().firstValue("ETag")).hasValueSatisfying(etag -> assertThat(etag).matches("\"1-[0-9a-f]+\""));
    }

    @Test
    void an_administrator_may_get_anyone_s_job() {
        String id = create("alice");
        HttpResponse<String> r = node().get("/v1/jobs/" + id, node().adminToken("root"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(TestNode.json(r).get("owner").asText()).isEqualTo("alice");
    }

    @Test
    void anyone_else_gets_403_without_a_word_about_the_job() {
        String id = create("alice");
        HttpResponse<String> r = node().get("/v1/jobs/" + id, node().token("mallory"));
        assertProblem(r, 403, "E_ACCESSDENIED", "0x80070005");
        assertThat(r.body()).doesNotContain("nightly").doesNotContain("alice").doesNotContain("example.com");
    }

    @Test
    void an_unknown_guid_is_404_DO_E_NOT_FOUND() {
        assertProblem(node().get("/v1/jobs/5ce34c0d-1b2a-4c3d-8e4f-0123456789ab", node().token("alice")),
                404, "DO_E_NOT_FOUND", "0x80D02003");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope", "5ce34c0d-1b2a-4c3d-8e4f", "5ce34c0d1b2a4c3d8e4f0123456789ab", "%7B5ce34c0d%7D"})
    void a_malformed_guid_is_400_E_INVALIDARG(String id) {
        assertProblem(node().get("/v1/jobs/" + id, node().token("alice")), 400, "E_INVALIDARG", "0x80070057");
    }

    @Test
    void braces_and_upper_case_name_the_same_job() {
        String id = create("alice");
        String upper = id.toUpperCase(Locale.ROOT);
        for (String form : new String[]{upper, "%7B" + id + "%7D", "%7B" + upper + "%7D"}) {
            HttpResponse<String> r = node().get("/v1/jobs/" + form, node().token("alice"));
            assertThat(r.statusCode()).as(form).isEqualTo(200);
            assertThat(TestNode.json(r).get("id").asText()).isEqualTo(id);
        }
    }

    @Test
    void no_token_is_401_with_www_authenticate() {
        HttpResponse<String> r = node().get("/v1/jobs/" + create("alice"), null);
        assertProblem(r, 401, "E_ACCESSDENIED", "0x80070005");
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void every_path_under_v1_asks_for_a_token_before_saying_whether_it_exists() {
        assertProblem(node().get("/v1/no-such-route", null), 401, "E_ACCESSDENIED", "0x80070005");
        assertThat(node().get("/v1/no-such-route", node().token("alice")).statusCode()).isEqualTo(404);
        assertThat(node().get("/health/live", null).statusCode()).isEqualTo(200);
    }

    @Test
    void an_expired_token_is_401() {
        TokenMinter minter = new TokenMinter(TestNode.SECRET.getBytes(StandardCharsets.UTF_8),
                AuthSettings.of(node().node.config().auth()));
        String expired = minter.mint("alice", false, Duration.ofMinutes(1), Instant.now().minus(Duration.ofHours(2)));
        assertProblem(node().get("/v1/jobs/" + create("alice"), expired), 401, "E_ACCESSDENIED", "0x80070005");
    }

    @Test
    void an_unsigned_alg_none_token_is_401() {
        String unsigned = new PlainJWT(new JWTClaimsSet.Builder().subject("root").claim("roles", new String[]{"copyjobs-admin"})
                .expirationTime(Date.from(Instant.now().plusSeconds(600))).build()).serialize();
        HttpResponse<String> r = node().get("/v1/jobs/" + create("alice"), unsigned);
        assertProblem(r, 401, "E_ACCESSDENIED", "0x80070005");
    }

    @Test
    void a_token_signed_with_another_key_is_401() throws JOSEException {
        SignedJWT forged = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject("alice")
                .expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
        forged.sign(new MACSigner("another-secret-that-is-also-32-bytes-long".getBytes(StandardCharsets.UTF_8)));
        assertProblem(node().get("/v1/jobs/" + create("alice"), forged.serialize()), 401, "E_ACCESSDENIED", "0x80070005");
    }

    /** Signed as an issuer would, past the token command, which refuses these subjects. */
    static String adminTokenFor(String subject) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject(subject)
                .claim("roles", new String[]{"copyjobs-admin"}).expirationTime(Date.from(Instant.now().plusSeconds(600)))
                .build());
        jwt.sign(new MACSigner(TestNode.SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    @ParameterizedTest
    @ValueSource(strings = {"system", "SYSTEM", " system", "system\u200B", "\uFF53\uFF59\uFF53\uFF54\uFF45\uFF4D",
            "alice\u0007"})
    void the_subject_system_is_reserved_for_the_service_itself_in_every_spelling(String subject) throws JOSEException {
        assertProblem(node().get("/v1/jobs/" + create("alice"), adminTokenFor(subject)), 401, "E_ACCESSDENIED",
                "0x80070005");
    }

    @Test
    void two_authorization_headers_are_401_even_when_the_first_is_good() {
        String id = create("alice");
        HttpResponse<String> r = TestNode.send(node().request("/v1/jobs/" + id, node().token("alice"))
                .header("Authorization", "Bearer " + node().token("mallory")).GET().build());
        assertProblem(r, 401, "E_ACCESSDENIED", "0x80070005");
        assertThat(TestNode.json(r).get("detail").asText()).contains("one Authorization header");
    }

    @Test
    void health_says_live_and_ready() {
        assertThat(node().get("/health/live", null).statusCode()).isEqualTo(200);
        assertThat(node().get("/health/ready", null).statusCode()).isEqualTo(200);
    }
}
