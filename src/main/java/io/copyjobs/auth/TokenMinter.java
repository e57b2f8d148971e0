package io.copyjobs.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Signs HS256 tokens for the {@code token} command (dev key or the configured shared secret). */
public final class TokenMinter {
    private final byte[] key;
    private final AuthSettings settings;

    public TokenMinter(byte[] key, AuthSettings settings) {
        this.key = key.clone();
        this.settings = settings;
    }

    /**
     * A token for {@code subject}.
     *
     * @throws IllegalArgumentException for a subject no node would accept (see {@link Subjects})
     */
    public String mint(String subject, boolean admin, Duration ttl, Instant now) {
        Subjects.problem(subject).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .claim(settings.rolesClaim(), admin ? List.of(settings.adminRole()) : List.of());
        if (!settings.issuer().isEmpty()) {
            claims.issuer(settings.issuer());
        }
        if (!settings.audience().isEmpty()) {
            claims.audience(settings.audience());
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
            jwt.sign(new MACSigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        }
    }
}
