package io.copyjobs.http;

import io.copyjobs.auth.AuthenticationException;
import io.copyjobs.auth.JwtVerifier;
import io.copyjobs.cluster.NodeProof;
import io.copyjobs.cluster.Peers;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.Rejection;
import io.javalin.http.Context;

import java.util.Collections;
import java.util.List;

/**
 * The one authentication hook: every {@code /v1} request carries a bearer JWT that verifies, or
 * is answered 401 with {@code WWW-Authenticate: Bearer}. Authorization (owner or administrator)
 * is the service's and the job step's, so local and forwarded requests pass the same rule.
 */
final class Authenticator {
    private final JwtVerifier verifier;
    private final NodeProof nodes;

    Authenticator(JwtVerifier verifier, NodeProof nodes) {
        this.verifier = verifier;
        this.nodes = nodes;
    }

    void authenticate(Context ctx) {
        List<String> headers = Collections.list(ctx.req().getHeaders("Authorization"));
        if (headers.size() > 1) {
            // Which one counts would depend on who reads: a proxy, this node, a peer. None does.
            throw unauthenticated("Authorization: send one Authorization header, not " + headers.size());
        }
        String header = headers.isEmpty() ? null : headers.get(0);
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
        checkForwarded(ctx, header);
    }

    /**
     * A node answers a forwarded request with an internal answer (its own copy, its share of a
     * list); only another node may ask for one. A claim that does not prove itself is refused
     * rather than ignored: a node whose secret or clock is off shows at once, instead of its
     * forwards being forwarded again.
     */
    private void checkForwarded(Context ctx, String authorization) {
        List<String> claims = Collections.list(ctx.req().getHeaders(Peers.FORWARDED));
        if (claims.isEmpty()) {
            return;
        }
        String query = ctx.req().getQueryString();
        String pathAndQuery = ctx.req().getRequestURI() + (query == null ? "" : "?" + query);
        if (claims.size() > 1 || !nodes.verify(claims.get(0), ctx.req().getMethod(), pathAndQuery, authorization)) {
            throw new ProblemException(Rejection.of(ErrorCode.E_ACCESSDENIED, Peers.FORWARDED + ": only copyjobs "
                    + "nodes may send it, with a proof made with the secret every node shares "
                    + "(COPYJOBS_NODE_SECRET, else the auth secret) within " + NodeProof.WINDOW.toSeconds()
                    + " s of this node's clock"), 403);
        }
        Requests.setForwarded(ctx);
    }

    private static ProblemException unauthenticated(String detail) {
        return new ProblemException(Rejection.of(ErrorCode.E_ACCESSDENIED, detail), 401);
    }
}
