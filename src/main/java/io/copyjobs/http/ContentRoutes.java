package io.copyjobs.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.cluster.NodeProof;
import io.copyjobs.cluster.Peers;
import io.copyjobs.content.ContentId;
import io.copyjobs.content.ContentStore;
import io.copyjobs.content.PeerFetch;
import io.copyjobs.content.PeerRead;
import io.copyjobs.content.Seeding;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.Rejection;
import io.copyjobs.json.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.Collections;
import java.util.List;

/**
 * The node-to-node content routes (issue 17), for other copyjobs nodes only: each request must
 * carry a {@link NodeProof} in {@link Peers#FORWARDED}, whatever token it has, since a content is
 * shared across owners and must never reach one through the public API.
 *
 * <ul>
 *   <li>{@code GET /internal/v1/content/{hex}} with {@code Range}: the verified content, or the
 *       bytes so far of one still arriving (those before any a peer sent unchecked); 503 with
 *       {@code Retry-After} while its file is hashed again before a serve ({@code RotCheck}).</li>
 *   <li>{@code POST /internal/v1/content/{hex}/seed} {@code {"url": …}}: fetch it from the origin
 *       for the fleet (202).</li>
 * </ul>
 */
public final class ContentRoutes implements RouteGroup {
    public static final String PATH = PeerFetch.PATH;
    private final ContentStore store;
    private final Seeding seeding;
    private final NodeProof proof;

    public ContentRoutes(ContentStore store, Seeding seeding, NodeProof proof) {
        this.store = store;
        this.seeding = seeding;
        this.proof = proof;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get(PATH + "{hex}", this::content);
        routes.post(PATH + "{hex}/seed", this::seed);
    }

    private void content(Context ctx) {
        ContentId id = nodeRequest(ctx);
        seeding.wanted(id);
        // Opened first, its length taken from the open file: a part file grows while it is read and
        // only what it held is promised, and a discard or eviction from now on takes none of it away.
        PeerRead bytes = store.read(id);
        if (bytes instanceof PeerRead.Open open) {
            RangedBody.write(ctx, open.channel(), open.length());
        } else if (bytes instanceof PeerRead.Busy) {
            // Not a bad peer: the fetcher asks another holder, or this one again after Retry-After.
            Responses.problem(ctx, Rejection.of(ErrorCode.CJ_E_UNAVAILABLE, "this node is checking its copy of " + id
                    + " against its digest before it serves it again"));
        } else {
            Responses.problem(ctx, Rejection.of(ErrorCode.DO_E_NOT_FOUND, "this node holds no byte of " + id));
        }
    }

    private void seed(Context ctx) {
        ContentId id = nodeRequest(ctx);
        JsonNode body;
        try {
            body = Json.wire().readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.path("url").isTextual()) {
            Responses.problem(ctx, Rejection.of(ErrorCode.E_INVALIDARG, "body: {\"url\": \"<the origin's URL>\"}"));
            return;
        }
        seeding.seed(id, body.get("url").asText());
        ctx.status(202);
    }

    /** The content a node's request names; anything but a node's proof (of its body too) is 401 or 403, a bad id 400. */
    private ContentId nodeRequest(Context ctx) {
        List<String> claims = Collections.list(ctx.req().getHeaders(Peers.FORWARDED));
        if (claims.isEmpty()) {
            throw new ProblemException(Rejection.of(ErrorCode.E_ACCESSDENIED, "copyjobs nodes only: send "
                    + Peers.FORWARDED + " with a node proof"), 401);
        }
        String query = ctx.req().getQueryString();
        String pathAndQuery = ctx.req().getRequestURI() + (query == null ? "" : "?" + query);
        if (claims.size() > 1 || !proof.verify(claims.get(0), ctx.req().getMethod(), pathAndQuery, ctx.header("Authorization"),
                ctx.bodyAsBytes())) {
            throw new ProblemException(Rejection.of(ErrorCode.E_ACCESSDENIED, Peers.FORWARDED
                    + ": not a proof made with the secret every node shares"), 403);
        }
        return ContentId.parse(ctx.pathParam("hex")).orElseThrow(() -> new ProblemException(
                Rejection.of(ErrorCode.E_INVALIDARG, "content: 64 lower-case hex digits"), 400));
    }
}
