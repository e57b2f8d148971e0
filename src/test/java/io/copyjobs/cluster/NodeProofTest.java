package io.copyjobs.cluster;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.assertj.core.api.Assertions.assertThat;

class NodeProofTest {
    static final byte[] SECRET = "a-secret-every-node-of-the-cluster-shares".getBytes(StandardCharsets.UTF_8);
    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    static final String AUTH = "Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln";

    static NodeProof at(Instant t) {
        return NodeProof.from(SECRET, Clock.fixed(t, ZoneOffset.UTC));
    }

    @Test
    void a_proof_verifies_for_the_request_it_was_made_for() {
        String header = at(NOW).sign("10.0.0.1:8080", "GET", "/v1/jobs?allUsers=true&limit=7", AUTH);
        assertThat(header).startsWith("10.0.0.1:8080 ");
        assertThat(at(NOW.plusSeconds(2)).verify(header, "GET", "/v1/jobs?allUsers=true&limit=7", AUTH)).isTrue();
    }

    @Test
    void a_proof_is_good_for_that_caller_resource_and_method_only() {
        NodeProof proof = at(NOW);
        String header = proof.sign("10.0.0.1:8080", "GET", "/v1/cluster", AUTH);
        assertThat(proof.verify(header, "GET", "/v1/cluster", "Bearer another-token")).isFalse();
        assertThat(proof.verify(header, "GET", "/v1/jobs?allUsers=true", AUTH)).isFalse();
        assertThat(proof.verify(header, "POST", "/v1/cluster", AUTH)).isFalse();
        assertThat(proof.verify(header.replace("10.0.0.1", "10.0.0.2"), "GET", "/v1/cluster", AUTH)).isFalse();
    }

    @Test
    void a_proof_of_a_request_with_a_body_is_good_for_that_body_only() {
        NodeProof proof = at(NOW);
        byte[] body = "{\"url\":\"https://origin.example/a.bin\"}".getBytes(StandardCharsets.UTF_8);
        byte[] other = "{\"url\":\"https://elsewhere.example/a.bin\"}".getBytes(StandardCharsets.UTF_8);
        String header = proof.sign("n:1", "POST", "/internal/v1/content/ab/seed", null, body);
        assertThat(proof.verify(header, "POST", "/internal/v1/content/ab/seed", null, body)).isTrue();
        assertThat(proof.verify(header, "POST", "/internal/v1/content/ab/seed", null, other)).isFalse();
        assertThat(proof.verify(header, "POST", "/internal/v1/content/ab/seed", null)).isFalse();
        // A request without a body is proved as before: an empty body is none.
        String bodiless = proof.sign("n:1", "POST", "/v1/jobs/x/resume", AUTH);
        assertThat(proof.verify(bodiless, "POST", "/v1/jobs/x/resume", AUTH, new byte[0])).isTrue();
        assertThat(proof.verify(bodiless, "POST", "/v1/jobs/x/resume", AUTH, body)).isFalse();
    }

    @Test
    void a_proof_expires_and_one_from_the_future_is_refused_beyond_the_window() {
        String header = at(NOW).sign("n:1", "GET", "/v1/cluster", AUTH);
        assertThat(at(NOW.plus(NodeProof.WINDOW).plusSeconds(1)).verify(header, "GET", "/v1/cluster", AUTH)).isFalse();
        assertThat(at(NOW.minus(NodeProof.WINDOW).minusSeconds(1)).verify(header, "GET", "/v1/cluster", AUTH)).isFalse();
        assertThat(at(NOW.plus(NodeProof.WINDOW)).verify(header, "GET", "/v1/cluster", AUTH)).isTrue();
    }

    @Test
    void another_secret_a_bare_node_name_and_garbage_do_not_verify() {
        String header = NodeProof.from("another-secret-that-is-also-long-enough!".getBytes(StandardCharsets.UTF_8),
                Clock.fixed(NOW, ZoneOffset.UTC)).sign("n:1", "GET", "/v1/cluster", AUTH);
        NodeProof proof = at(NOW);
        for (String bad : new String[]{header, "n:1", "", "n:1 " + NOW.toEpochMilli() + " !!!", "n:1 x y", "a b c d", null}) {
            assertThat(proof.verify(bad, "GET", "/v1/cluster", AUTH)).as(bad).isFalse();
        }
    }

    @Test
    void the_node_key_is_derived_so_a_proof_is_no_token_signature() {
        String header = at(NOW).sign("n:1", "GET", "/v1/cluster", AUTH);
        String mac = header.substring(header.lastIndexOf(' ') + 1);
        String input = String.join("\n", "n:1", Long.toString(NOW.toEpochMilli()), "GET", "/v1/cluster", AUTH);
        assertThat(mac).isNotEqualTo(hmacWithRawSecret(input));
    }

    static String hmacWithRawSecret(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
