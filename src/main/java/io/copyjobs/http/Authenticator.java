package io.copyjobs.http;

import io.copyjobs.auth.AuthenticationException;
import io.copyjobs.auth.JwtVerifier;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.Rejection;
import io.javalin.http.Context;

/**
 * The one authentication hook: every {@code /v1} request carries a bearer JWT that verifies, or
 * is answered 401 with {@code WWW-Authenticate: Bearer}. Authorization (owner or administrator)
 * is the service's and the job step's, so local and forwarded requests pass the same rule.
 */
final class Authenticator {
    private final JwtVerifier verifier;

    Authenticator(JwtVerifier verifier) {
        this.verifier = verifier;
    }

    void authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw unauthenticated("Authorization: send 'Bearer <token>'; get a token with "
                    + "'java -jar target/copyjobs.jar token --sub <you>' in dev mode");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthenticated("Authorization: only the Bearer scheme is accepted");
        }
        try {
            JwtVerifier.Verified verified = verifier.verified(header.substring(7).trim());
            Requests.setActor(ctx, verified.actor());
            Requests.setTokenExpiry(ctx, verified.expires());
        } catch (AuthenticationException e) {
            throw unauthenticated(e.getMessage());
        }
    }

    private static ProblemException unauthenticated(String detail) {
        return new ProblemException(Rejection.of(ErrorCode.E_ACCESSDENIED, detail), 401);
    }
}
