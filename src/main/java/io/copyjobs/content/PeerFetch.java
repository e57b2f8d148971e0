package io.copyjobs.content;

import io.copyjobs.cluster.Peers;
import io.copyjobs.metrics.TransferMeters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Fetches a range of a content from a peer's {@code GET /internal/v1/content/{hex}} into this
 * node's store, piece by piece: with a manifest, each whole piece is checked before it is written
 * and a bad one fails the fetch as {@linkplain PeerFailure#corrupt corrupt}; without one (the
 * holder is still downloading), the bytes are written as they come, marked unchecked (this node
 * serves none of them on, see {@link ContentStore#servable}), and the whole-file check judges them.
 * A cancel closes the answer within a tick ({@link CancelWatch}), however slowly the peer sends. A
 * holder that answers 503 with {@code Retry-After} is busy ({@link PeerBusy}), not failing.
 * Requests go through the node's one peer client, proved as from this node. Every byte that
 * arrives counts on {@code copyjobs_transfer_bytes_total{source="peer"}}, a bad piece's too.
 */
public final class PeerFetch {
    /** The node-to-node content route. */
    public static final String PATH = "/internal/v1/content/";

    private final Peers peers;
    private final ContentStore store;
    private final TransferMeters meters;

    public PeerFetch(Peers peers, ContentStore store, TransferMeters meters) {
        this.peers = peers;
        this.store = store;
        this.meters = meters;
    }

    /**
     * Appends bytes {@code [from, to)} of {@code id} from {@code node} to the part file (cut back
     * to {@code from} first), or those of them the peer has (its answer's Content-Range), paying
     * each piece to {@code pacer}; stops early when {@code cancelled}.
     *
     * @return the bytes appended (a piece that cannot be checked yet is not written)
     * @throws PeerFailure when the peer fails; what was written before stays
     * @throws PeerBusy    when the peer answers 503 with Retry-After (checking its copy): no failure of it
     * @throws IOException when this node cannot write (a full disk)
     */
    public long fetch(ContentId id, String node, long from, long to, PieceManifest manifest, BooleanSupplier cancelled,
                      Pacer pacer) throws PeerFailure, PeerBusy, IOException, InterruptedException {
        Peers.Streamed answer = open(id, node, from, to, cancelled);
        long sent = answer.status() == 206 ? rangeEnd(answer.headers().getOrDefault("Content-Range", ""), from) : -1;
        if (sent <= from) {
            answer.body().close();
            Optional<Duration> busy = answer.status() == 503 ? PeerBusy.waitOf(answer.headers().get("Retry-After")) : Optional.empty();
            if (busy.isPresent()) {
                throw new PeerBusy(node, busy.get());
            }
            throw new PeerFailure(node + " answered " + answer.status() + " for bytes " + from + "-", false);
        }
        // A holder still downloading sends what it has by now, which may be less than asked for.
        long end = Math.min(to, sent);
        try (InputStream in = answer.body(); ContentAppender out = store.append(id, from);
             CancelWatch watch = CancelWatch.closing(in, cancelled)) {
            if (manifest == null) {
                store.markUnchecked(id, from);
            }
            byte[] piece = new byte[PieceManifest.PIECE];
            while (out.position() < end && !cancelled.getAsBoolean()) {
                long pos = out.position();
                int want = (int) Math.min(PieceManifest.start((int) (pos / PieceManifest.PIECE) + 1) - pos, end - pos);
                int n = readFully(in, piece, want, node, cancelled);
                meters.fromPeers(n);
                if (manifest != null && !checked(manifest, pos, piece, n, node)) {
                    break;
                }
                out.write(ByteBuffer.wrap(piece, 0, n));
                if (n < want && !cancelled.getAsBoolean()) {
                    throw new PeerFailure(node + " ended its answer early", false);
                }
                if (!pacer.pay(n, cancelled)) {
                    break;
                }
            }
            return out.position() - from;
        }
    }

    /** The end (exclusive) of the bytes a {@code Content-Range} of an answer from {@code from} names; -1 for any other. */
    static long rangeEnd(String contentRange, long from) {
        String expected = "bytes " + from + "-";
        int slash = contentRange.indexOf('/');
        if (!contentRange.startsWith(expected) || slash < expected.length()) {
            return -1;
        }
        try {
            return Long.parseLong(contentRange.substring(expected.length(), slash)) + 1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** True when the bytes are a whole piece that verifies; false for a partial one (not written). */
    private static boolean checked(PieceManifest manifest, long pos, byte[] piece, int n, String node) throws PeerFailure {
        int index = (int) (pos / PieceManifest.PIECE);
        if (pos % PieceManifest.PIECE != 0 || index >= manifest.pieces().size() || n != manifest.length(index)) {
            return false;
        }
        if (!manifest.verify(index, piece, n)) {
            throw new PeerFailure(node + " sent a bad piece " + index, true);
        }
        return true;
    }

    private Peers.Streamed open(ContentId id, String node, long from, long to, BooleanSupplier cancelled)
            throws PeerFailure, InterruptedException {
        CompletableFuture<Peers.Streamed> answer = peers.stream(Peers.host(node), PATH + id.hex(),
                Map.of("Range", "bytes=" + from + "-" + (to - 1)));
        while (true) {
            if (cancelled.getAsBoolean()) {
                answer.thenAccept(late -> closeQuietly(late.body()));
                throw new PeerFailure("cancelled", false);
            }
            try {
                return answer.get(CancelWatch.TICK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // not answered yet: look at the cancel signal again
            } catch (ExecutionException e) {
                throw new PeerFailure(node + " does not answer: " + e.getCause(), false);
            }
        }
    }

    /**
     * Reads up to {@code want} bytes, fewer only at the end of the answer, or once {@code cancelled}
     * (its {@link CancelWatch} closed the stream under the read: what it had read counts).
     */
    private static int readFully(InputStream in, byte[] buffer, int want, String node, BooleanSupplier cancelled)
            throws PeerFailure {
        int n = 0;
        try {
            while (n < want) {
                int got = in.read(buffer, n, want - n);
                if (got < 0) {
                    break;
                }
                n += got;
            }
            return n;
        } catch (IOException e) {
            if (cancelled.getAsBoolean()) {
                return n;
            }
            throw new PeerFailure(node + " dropped the connection: " + e, false);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing more to read from it anyway
        }
    }
}
