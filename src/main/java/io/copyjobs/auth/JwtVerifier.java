package io.copyjobs.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.copyjobs.job.Actor;
import io.copyjobs.job.JobRules;

import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies bearer tokens with Nimbus JOSE+JWT: the signature with one expected algorithm family
 * (HS256 with the shared or dev key, or RS256/ES256 with keys from a JWKS URL), {@code exp} and
 * {@code nbf} with a small skew, {@code iss} and {@code aud} when configured. Unsigned tokens
 * ({@code alg: none}) and any other algorithm are refused, so a token cannot pick its own check.
 */
public final class JwtVerifier {
    /** Clocks of issuers and nodes disagree by seconds, not minutes. */
    static final int MAX_CLOCK_SKEW_SECONDS = 30;

    private final ConfigurableJWTProcessor<SecurityContext> processor;
    private final AuthSettings settings;

    private JwtVerifier(ConfigurableJWTProcessor<SecurityContext> processor, AuthSettings settings) {
        this.processor = processor;
        this.settings = settings;
    }

    /** Tokens signed with HS256 and this key. */
    public static JwtVerifier hs256(byte[] key, AuthSettings settings) {
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(key)));
        return new JwtVerifier(withClaims(p, settings), settings);
    }

    /** Tokens signed with RS256 or ES256 by a key the JWKS URL publishes (cached, refreshed on rotation). */
    public static JwtVerifier jwks(String url, AuthSettings settings) {
        try {
            JWKSource<SecurityContext> keys = JWKSourceBuilder.create(URI.create(url).toURL()).build();
            DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
            p.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys));
            return new JwtVerifier(withClaims(p, settings), settings);
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new io.copyjobs.config.ConfigException("COPYJOBS_AUTH_JWKS_URL: not a URL: " + url);
        }
    }

    private static ConfigurableJWTProcessor<SecurityContext> withClaims(DefaultJWTProcessor<SecurityContext> p,
                                                                        AuthSettings settings) {
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        if (!settings.issuer().isEmpty()) {
            exact.issuer(settings.issuer());
        }
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                settings.audience().isEmpty() ? null : Set.of(settings.audience()),
                exact.build(), new HashSet<>(List.of("sub", "exp")), null);
        claims.setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
        p.setJWTClaimsSetVerifier(claims);
        return p;
    }

    /** A verified token: the caller it names, and when it stops being valid (its {@code exp}). */
    public record Verified(Actor actor, Instant expires) {
    }

    /** The caller the token names, or why it is refused. */
    public Actor verify(String token) throws AuthenticationException {
        return verified(token).actor();
    }

    /** The caller the token names and the token's expiry, or why it is refused. */
    public Verified verified(String token) throws AuthenticationException {
        try {
            JWTClaimsSet claims = processor.process(token, null);
            String subject = claims.getSubject();
            if (subject == null || subject.isBlank() || subject.length() > 256 || JobRules.hasControl(subject, false)) {
                throw new AuthenticationException("the token's subject is empty, too long or not printable");
            }
            if (subject.equals(Actor.SYSTEM.subject())) {
                // Events name "system" as the actor of the service's own changes; no person may pass for it.
                throw new AuthenticationException("the subject 'system' is reserved for the service itself");
            }
            // exp is a required claim: the processor refuses a token without one.
            return new Verified(new Actor(subject, roles(claims).contains(settings.adminRole())),
                    claims.getExpirationTime().toInstant());
        } catch (ParseException e) {
            throw new AuthenticationException("the bearer token is not a JWT", e);
        } catch (BadJOSEException e) {
            throw new AuthenticationException("the bearer token was refused: " + e.getMessage(), e);
        } catch (JOSEException e) {
            throw new AuthenticationException("the bearer token could not be checked: " + e.getMessage(), e);
        }
    }

    /** Roles as a JSON array of strings, or one space-separated string (as OAuth scopes are). */
    private Set<String> roles(JWTClaimsSet claims) {
        Object value = claims.getClaim(settings.rolesClaim());
        Set<String> roles = new HashSet<>();
        if (value instanceof Collection<?> list) {
            list.forEach(v -> roles.add(String.valueOf(v)));
        } else if (value instanceof String s) {
            roles.addAll(List.of(s.trim().split("\\s+")));
        }
        return roles;
    }
}
