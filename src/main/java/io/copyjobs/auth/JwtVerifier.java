package io.copyjobs.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.copyjobs.config.ConfigException;
import io.copyjobs.job.Actor;

import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies bearer tokens with Nimbus JOSE+JWT: the signature with one expected algorithm family
 * (HS256 with the shared or dev key, or RS256/ES256 with keys from a JWKS URL), {@code exp},
 * {@code nbf} and {@code iat} with a small skew, {@code iss} and {@code aud} when configured,
 * {@code typ} a JWT or an access token, and a subject {@link Subjects} accepts. Unsigned tokens
 * ({@code alg: none}) and any other algorithm are refused, so a token cannot pick its own check.
 */
public final class JwtVerifier {
    /** Clocks of issuers and nodes disagree by seconds, not minutes. */
    static final int MAX_CLOCK_SKEW_SECONDS = 30;
    /**
     * Plain JWTs ({@code JWT} or no {@code typ}) and RFC 9068 access tokens ({@code at+jwt}, which
     * OAuth servers issue); {@code typ} compares without case, as RFC 7515 says.
     */
    private static final DefaultJOSEObjectTypeVerifier<SecurityContext> TYPES = new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"), null);

    private final ConfigurableJWTProcessor<SecurityContext> processor;
    private final AuthSettings settings;

    private JwtVerifier(ConfigurableJWTProcessor<SecurityContext> processor, AuthSettings settings) {
        this.processor = processor;
        this.settings = settings;
    }

    /**
     * Tokens signed with HS256 and this key. One shared secret has no key id to choose by, so a
     * {@code kid} in the header (as issuers that rotate secrets write) does not matter.
     */
    public static JwtVerifier hs256(byte[] key, AuthSettings settings) {
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSKeySelector(new SingleKeyJWSKeySelector<>(JWSAlgorithm.HS256, new SecretKeySpec(key, "HmacSHA256")));
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
            throw new ConfigException("COPYJOBS_AUTH_JWKS_URL: not a URL: " + url);
        }
    }

    private static ConfigurableJWTProcessor<SecurityContext> withClaims(DefaultJWTProcessor<SecurityContext> p,
                                                                        AuthSettings settings) {
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        if (!settings.issuer().isEmpty()) {
            exact.issuer(settings.issuer());
        }
        DefaultJWTClaimsVerifier<SecurityContext> claims = new IssuedNotLater(
                settings.audience().isEmpty() ? null : Set.of(settings.audience()),
                exact.build(), new HashSet<>(List.of("sub", "exp")));
        claims.setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
        p.setJWTClaimsSetVerifier(claims);
        p.setJWSTypeVerifier(TYPES);
        return p;
    }

    /**
     * Nimbus checks {@code exp} and {@code nbf} but not {@code iat}: a token issued later than
     * now plus the skew comes from a wrong clock or was made to outlive its stated lifetime.
     */
    private static final class IssuedNotLater extends DefaultJWTClaimsVerifier<SecurityContext> {
        IssuedNotLater(Set<String> audience, JWTClaimsSet exact, Set<String> required) {
            super(audience, exact, required, null);
        }

        @Override
        public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
            super.verify(claims, context);
            Date issued = claims.getIssueTime();
            if (issued != null && issued.getTime() > currentTime().getTime() + getMaxClockSkew() * 1000L) {
                throw new BadJWTException("JWT issue time (iat) is in the future");
            }
        }
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
            // A verified token whose subject cannot name a caller authenticates nobody: 401, as a bad token.
            Optional<String> unusable = Subjects.problem(subject);
            if (unusable.isPresent()) {
                throw new AuthenticationException(unusable.get());
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
