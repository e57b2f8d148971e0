package io.copyjobs.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.copyjobs.job.Actor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real tokens, signed with Nimbus, through the verifier a node uses for an HS256 secret. */
class JwtVerifierTest {
    static final byte[] KEY = "unit-test-secret-long-enough-for-hs384-and-hs512-signatures-0123".getBytes(StandardCharsets.UTF_8);
    static final AuthSettings SETTINGS = new AuthSettings("", "", "roles", "copyjobs-admin");
    final JwtVerifier verifier = JwtVerifier.hs256(KEY, SETTINGS);

    static String sign(JWSHeader header, UnaryOperator<JWTClaimsSet.Builder> claims, byte[] key) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().subject("alice").issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))));
        SignedJWT jwt = new SignedJWT(header, claims.apply(b).build());
        try {
            jwt.sign(new MACSigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    static String sign(JWSHeader header) {
        return sign(header, b -> b, KEY);
    }

    static String withSubject(String subject) {
        return sign(new JWSHeader(JWSAlgorithm.HS256), b -> b.subject(subject), KEY);
    }

    static JWSHeader typed(String typ) {
        return new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType(typ)).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"JWT", "jwt", "at+jwt", "application/at+jwt", "AT+JWT"})
    void plain_jwts_and_rfc_9068_access_tokens_are_accepted(String typ) throws AuthenticationException {
        assertThat(verifier.verify(sign(typed(typ)))).isEqualTo(new Actor("alice", false));
    }

    @Test
    void a_token_without_typ_is_accepted() throws AuthenticationException {
        assertThat(verifier.verify(sign(new JWSHeader(JWSAlgorithm.HS256))).subject()).isEqualTo("alice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"secevent+jwt", "dpop+jwt", "JOSE"})
    void tokens_made_for_another_purpose_are_refused(String typ) {
        assertThatThrownBy(() -> verifier.verify(sign(typed(typ)))).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void an_hs256_token_with_a_key_id_is_accepted_with_the_one_secret() throws AuthenticationException {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("2026-11-key").build();
        assertThat(verifier.verify(sign(header)).subject()).isEqualTo("alice");
        String otherKey = sign(header, b -> b, "another-secret-that-is-also-32-bytes-long".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> verifier.verify(otherKey)).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void another_algorithm_and_alg_none_are_refused() {
        assertThatThrownBy(() -> verifier.verify(sign(new JWSHeader(JWSAlgorithm.HS384))))
                .isInstanceOf(AuthenticationException.class);
        String unsigned = new PlainJWT(new JWTClaimsSet.Builder().subject("alice")
                .expirationTime(Date.from(Instant.now().plusSeconds(600))).build()).serialize();
        assertThatThrownBy(() -> verifier.verify(unsigned)).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void an_issue_time_in_the_future_beyond_the_skew_is_refused_and_within_it_accepted() throws AuthenticationException {
        Instant now = Instant.now();
        String later = sign(new JWSHeader(JWSAlgorithm.HS256), b -> b.issueTime(Date.from(now.plus(Duration.ofMinutes(5)))), KEY);
        assertThatThrownBy(() -> verifier.verify(later)).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("iat");
        String skewed = sign(new JWSHeader(JWSAlgorithm.HS256),
                b -> b.issueTime(Date.from(now.plusSeconds(JwtVerifier.MAX_CLOCK_SKEW_SECONDS / 3))), KEY);
        assertThat(verifier.verify(skewed).subject()).isEqualTo("alice");
    }

    @Test
    void an_expired_token_is_refused() {
        Instant past = Instant.now().minus(Duration.ofHours(1));
        String expired = sign(new JWSHeader(JWSAlgorithm.HS256), b -> b.issueTime(Date.from(past))
                .expirationTime(Date.from(past.plusSeconds(60))), KEY);
        assertThatThrownBy(() -> verifier.verify(expired)).isInstanceOf(AuthenticationException.class);
    }

    /** Each reads as the service's own actor, or hides characters that make two subjects look alike. */
    @ParameterizedTest
    @ValueSource(strings = {"system", "SYSTEM", "System", " system", "system ", "sys tem", "system\u200B",
            "\uFEFFsystem", "sys\u00ADtem", "\uFF53\uFF59\uFF53\uFF54\uFF45\uFF4D", "\u017Fystem", "sy\u0301stem",
            "system\uFE0F", "system\u3164", "alice\u0000", "alice\n", "alice\t", "\u00A0alice", "alice\u2028",
            "ali\u200Dce", "alice ", " alice", "alice\uE000", ""})
    void unusable_subjects_are_refused(String subject) {
        assertThatThrownBy(() -> verifier.verify(withSubject(subject))).isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(() -> new TokenMinter(KEY, SETTINGS).mint(subject, false, Duration.ofMinutes(1), Instant.now()))
                .as("the token command refuses it too").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_overlong_subject_is_refused_and_one_of_the_limit_accepted() throws AuthenticationException {
        String limit = "a".repeat(Subjects.MAX_LENGTH);
        assertThat(verifier.verify(withSubject(limit)).subject()).isEqualTo(limit);
        assertThatThrownBy(() -> verifier.verify(withSubject(limit + "a"))).isInstanceOf(AuthenticationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "Alice Smith", "svc@example.com", "Zo\u00EB", "\u674E\u5A1C", "systems", "sys-tem",
            "auth0|5f7c8ec7c33c6c004bbafe82"})
    void ordinary_subjects_are_accepted_as_they_are(String subject) throws AuthenticationException {
        assertThat(verifier.verify(withSubject(subject)).subject()).isEqualTo(subject);
        assertThat(verifier.verify(new TokenMinter(KEY, SETTINGS).mint(subject, true, Duration.ofMinutes(1), Instant.now())))
                .isEqualTo(new Actor(subject, true));
    }

    @Test
    void roles_come_from_an_array_or_a_space_separated_string() throws AuthenticationException {
        JWSHeader h = new JWSHeader(JWSAlgorithm.HS256);
        assertThat(verifier.verify(sign(h, b -> b.claim("roles", List.of("x", "copyjobs-admin")), KEY)).admin()).isTrue();
        assertThat(verifier.verify(sign(h, b -> b.claim("roles", "x copyjobs-admin"), KEY)).admin()).isTrue();
        assertThat(verifier.verify(sign(h, b -> b.claim("roles", "copyjobs-administrator"), KEY)).admin()).isFalse();
    }
}
