package io.copyjobs.http;

import io.copyjobs.auth.JwtVerifier;
import io.copyjobs.cluster.NodeProof;
import io.copyjobs.cluster.Peers;
import io.copyjobs.content.ContentAppender;
import io.copyjobs.content.ContentId;
import io.copyjobs.content.ContentStore;
import io.copyjobs.content.Pacer;
import io.copyjobs.content.PeerFetch;
import io.copyjobs.content.PieceManifest;
import io.copyjobs.content.StoredContent;
import io.copyjobs.metrics.Metrics;
import io.copyjobs.metrics.TransferMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a node does with bytes from a peer that no manifest can check yet (issue 17 review), on
 * real content routes and the real peer client: it serves none of them on to a third node, and a
 * peer that sends slowly does not keep a cancelled fetch from ending within Suspend's 2 s.
 */
class PeerBytesTest {
    static final byte[] CONTENT = new byte[3 << 20];
    static final NodeProof PROOF = NodeProof.from(RouteFixture.SECRET, Clock.systemUTC());
    static final ContentStore.Listener NO_ONE = new ContentStore.Listener() {
        @Override
        public void finished(StoredContent content) {
        }

        @Override
        public void removed(ContentId id) {
        }
    };
    static final TransferMeters METERS = new TransferMeters(new SimpleMeterRegistry());
    static Peers peers;
    static TricklingPeer trickler;

    @BeforeAll
    static void start() throws IOException {
        new Random(5).nextBytes(CONTENT);
        peers = new Peers("http", new HostInfo("127.0.0.1", 1), Duration.ofSeconds(5), Duration.ofSeconds(30), PROOF);
        trickler = new TricklingPeer(CONTENT);
    }

    @AfterAll
    static void stop() {
        peers.close();
        trickler.close();
    }

    /** A node's store with its content routes on a real server, timed by its metrics; its name as nodes name each other. */
    record Node(ContentStore store, HttpServer server, Metrics metrics) implements AutoCloseable {
        static Node start() throws IOException {
            return start(Files.createTempDirectory("copyjobs-peer"));
        }

        /** A node whose store is {@code dir}: a restart, when a store was there before. */
        static Node start(Path dir) throws IOException {
            ContentStore store = ContentStore.open(dir, 1L << 30, NO_ONE, METERS);
            Metrics metrics = new Metrics();
            HttpServer server = new HttpServer(0, JwtVerifier.hs256(RouteFixture.SECRET, RouteFixture.AUTH), PROOF, metrics,
                    List.of(new ContentRoutes(store, (id, url) -> { }, PROOF))).start();
            return new Node(store, server, metrics);
        }

        String name() {
            return "127.0.0.1:" + server.port();
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /**
     * Holder A is still downloading, so no manifest exists, and its bytes are garbage. Node B takes
     * them (only the whole-file check can judge them), and a third node asking B gets none of them:
     * B serves and advertises only bytes of its own origin fetch or checked against a manifest.
     */
    @Test
    void bytes_a_peer_sent_unchecked_are_never_served_on() throws Exception {
        byte[] garbage = new byte[CONTENT.length / 2];
        new Random(6).nextBytes(garbage);
        ContentId id = ContentRoutesTest.idOf(CONTENT);
        try (Node a = Node.start(); Node b = Node.start()) {
            try (ContentAppender out = a.store().append(id, 0)) {
                out.write(ByteBuffer.wrap(garbage));
            }
            PeerFetch fetch = new PeerFetch(peers, b.store(), METERS);
            assertThat(fetch.fetch(id, a.name(), 0, garbage.length, null, () -> false, Pacer.FREE)).isEqualTo(garbage.length);
            assertThat(b.store().available(id)).isEqualTo(garbage.length);

            assertThat(b.store().servable(id)).as("what B advertises").isZero();
            Peers.Streamed third = peers.stream(Peers.host(b.name()), PeerFetch.PATH + id.hex(), Map.of("Range", "bytes=0-"))
                    .get(30, TimeUnit.SECONDS);
            assertThat(third.status()).as("a third node's request of B").isEqualTo(416);
            third.body().close();
            // B's fetch from 0 again (say from the origin, as the listener tells the store) makes its bytes its own.
            try (ContentAppender out = b.store().append(id, 0)) {
                out.write(ByteBuffer.wrap(CONTENT, 0, 1000));
            }
            assertThat(b.store().servable(id)).isEqualTo(1000);
        }
    }

    @Test
    void a_cancel_ends_a_fetch_from_a_trickling_peer_within_two_seconds() throws Exception {
        ContentId id = ContentRoutesTest.idOf(CONTENT);
        ContentStore mine = ContentStore.open(Files.createTempDirectory("copyjobs-fetcher"), 1L << 30, NO_ONE, METERS);
        PeerFetch fetch = new PeerFetch(peers, mine, METERS);
        AtomicBoolean cancelled = new AtomicBoolean();
        String node = trickler.name();
        CompletableFuture<Long> fetched = CompletableFuture.supplyAsync(() -> {
            try {
                return fetch.fetch(id, node, 0, CONTENT.length, null, cancelled::get, Pacer.FREE);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> trickler.sent() >= 5);
        cancelled.set(true);
        long at = System.nanoTime();
        assertThat(fetched.get(30, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(0);
        assertThat(Duration.ofNanos(System.nanoTime() - at)).isLessThan(Duration.ofSeconds(2));
    }

    /**
     * A holder still downloading is asked for more than it last advertised (issue 17's bench: peers
     * trailed the seeder by its 2 s of progress): it sends what it has by now, and the fetch takes
     * that without failing. The bytes, fetched in two goes (the second from a piece boundary with a
     * manifest, as once the holder verified), become the content, checked by their hashes as they came.
     */
    @Test
    void a_fetch_takes_what_a_holder_has_by_now_and_the_bytes_become_the_content() throws Exception {
        byte[] held = new byte[3 * PieceManifest.PIECE + 100];
        new Random(9).nextBytes(held);
        ContentId id = ContentRoutesTest.idOf(held);
        int partly = PieceManifest.PIECE + 300;
        try (Node a = Node.start(); Node b = Node.start()) {
            try (ContentAppender out = a.store().append(id, 0)) {
                out.write(ByteBuffer.wrap(held, 0, partly));
            }
            PeerFetch fetch = new PeerFetch(peers, b.store(), METERS);
            assertThat(fetch.fetch(id, a.name(), 0, held.length, null, () -> false, Pacer.FREE)).isEqualTo(partly);
            try (ContentAppender out = a.store().append(id, partly)) {
                out.write(ByteBuffer.wrap(held, partly, held.length - partly));
            }
            PieceManifest manifest = a.store().finish(id).orElseThrow().manifest();
            assertThat(fetch.fetch(id, a.name(), PieceManifest.PIECE, held.length, manifest, () -> false, Pacer.FREE))
                    .isEqualTo(held.length - PieceManifest.PIECE);
            StoredContent done = b.store().finish(id).orElseThrow();
            assertThat(Files.readAllBytes(done.path())).isEqualTo(held);
            assertThat(done.manifest()).isEqualTo(manifest);
        }
    }

    /** Peer bytes pay the node's and the job's bandwidth limits (issue 18): every piece is paid, and a refused wait stops the fetch. */
    @Test
    void each_piece_from_a_peer_is_paid_to_the_pacer_and_a_stop_while_waiting_ends_the_fetch() throws Exception {
        byte[] held = new byte[3 * PieceManifest.PIECE];
        new Random(8).nextBytes(held);
        ContentId id = ContentRoutesTest.idOf(held);
        try (Node a = Node.start(); Node b = Node.start()) {
            try (ContentAppender out = a.store().append(id, 0)) {
                out.write(ByteBuffer.wrap(held));
            }
            List<Long> paid = new CopyOnWriteArrayList<>();
            Pacer stopAfterTwo = (bytes, cancelled) -> paid.add(bytes) && paid.size() < 2;
            long got = new PeerFetch(peers, b.store(), METERS).fetch(id, a.name(), 0, held.length, null, () -> false,
                    stopAfterTwo);
            assertThat(paid).containsExactly((long) PieceManifest.PIECE, (long) PieceManifest.PIECE);
            assertThat(got).isEqualTo(2L * PieceManifest.PIECE);
        }
    }
}
