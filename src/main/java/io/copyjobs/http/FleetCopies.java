package io.copyjobs.http;

import io.copyjobs.cluster.Peers;
import io.copyjobs.content.ContentId;
import io.copyjobs.content.HeldContents;
import io.copyjobs.content.PeerFetch;
import io.copyjobs.content.StoredContent;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.JobFile;
import io.copyjobs.job.Rejection;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A finished file's bytes from a copy of its content in the fleet's cache (issue 17), for when
 * the node that transferred the file cannot serve them (it died): this node's verified copy, else
 * a live holder's through the node-to-node content route, with the caller's {@code Range}. Only a
 * file whose job gave its SHA-256 has a content, and its bytes were checked against it, so any
 * verified copy is that file; the caller's right to the file was checked before. When no holder
 * serves but one answered busy (checking its copy against its digest), the answer is 503 with
 * Retry-After: the bytes are in the fleet, to be asked for again, not gone.
 */
final class FleetCopies {
    private final HeldContents held;
    private final Peers peers;

    FleetCopies(HeldContents held, Peers peers) {
        this.held = held;
        this.peers = peers;
    }

    /** Serves file {@code n} from a copy; a forwarded request only from this node's, so that no request goes round. */
    CompletableFuture<Void> serve(Context ctx, JobFile file, int n) {
        Optional<ContentId> id = file.sha256() == null ? Optional.empty() : ContentId.ofSha256(file.sha256());
        if (id.isEmpty()) {
            return unavailable(ctx, n);
        }
        Optional<StoredContent> here = held.here(id.get()).filter(c -> c.size() == file.bytesTransferred());
        if (here.isPresent()) {
            FileContentController.write(ctx, here.get().path());
            return CompletableFuture.completedFuture(null);
        }
        return Requests.forwarded(ctx) ? unavailable(ctx, n) : fromHolders(ctx, id.get(), held.elsewhere(id.get()), n, false);
    }

    /**
     * The first holder that answers with the bytes (or a range answer); one that has let the content
     * go is skipped, and so is a busy one ({@code busy}: one was).
     */
    private CompletableFuture<Void> fromHolders(Context ctx, ContentId id, List<String> holders, int n, boolean busy) {
        if (holders.isEmpty()) {
            return busy ? checking(ctx, n) : unavailable(ctx, n);
        }
        return peers.stream(Peers.host(holders.get(0)), PeerFetch.PATH + id.hex(),
                        // The range only: the content route takes a node's proof, never the caller's token.
                        Requests.rangeHeaders(ctx))
                .handle((answer, error) -> {
                    if (error == null && answer.status() < 500 && answer.status() != 404) {
                        Responses.relay(ctx, answer);
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    boolean checking = busy || error == null && answer.status() == 503 && answer.headers().containsKey("Retry-After");
                    if (error == null) {
                        closeQuietly(answer);
                    }
                    return fromHolders(ctx, id, holders.subList(1, holders.size()), n, checking);
                }).thenCompose(next -> next);
    }

    private static CompletableFuture<Void> unavailable(Context ctx, int n) {
        Responses.problem(ctx, Rejection.of(ErrorCode.CJ_E_UNAVAILABLE, "the bytes of file " + n
                + " are neither on the node that transferred them nor in the fleet's content cache"));
        return CompletableFuture.completedFuture(null);
    }

    private static CompletableFuture<Void> checking(Context ctx, int n) {
        Responses.problem(ctx, Rejection.of(ErrorCode.CJ_E_UNAVAILABLE, "the bytes of file " + n
                + " are in the fleet's content cache, on a node checking its copy against its digest before it serves it"
                + " again: ask again in a few seconds"));
        return CompletableFuture.completedFuture(null);
    }

    private static void closeQuietly(Peers.Streamed answer) {
        try {
            answer.body().close();
        } catch (IOException e) {
            // an answer not relayed: nothing more to read from it
        }
    }
}
