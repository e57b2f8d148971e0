package io.copyjobs.http;

import io.copyjobs.auth.JwtVerifier;
import io.copyjobs.auth.TokenMinter;
import io.copyjobs.cluster.NodeProof;
import io.copyjobs.cluster.Peers;
import io.copyjobs.content.ContentAppender;
import io.copyjobs.content.ContentId;
import io.copyjobs.content.ContentStore;
import io.copyjobs.content.Pacer;
import io.copyjobs.content.PeerFailure;
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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The node-to-node content route on a real server: bytes for a node's proof only, with Range, growing parts included. */
class ContentRoutesTest {
    static final byte[] CONTENT = new byte[300_000];
    static final List<String> SEEDS = new CopyOnWriteArrayList<>();
    static ContentStore store;
    static HttpServer server;
    static Peers peers;
    static HostInfo host;
    static ContentId complete;
    static final HttpClient CLIENT = HttpClient.newHttpClient();
    static final ContentStore.Listener NO_ONE = new ContentStore.Listener() {
        @Override
        public void finished(StoredContent content) {
        }

        @Override
        public void removed(ContentId id) {
        }
    };
    static final TransferMeters METERS = new TransferMeters(new SimpleMeterRegistry());

    @BeforeAll
    static void start() throws Exception {
        new Random(7).nextBytes(CONTENT);
        store = ContentStore.open(Files.createTempDirectory("copyjobs-content"), 1L << 30, NO_ONE, METERS);
        complete = idOf(CONTENT);
        try (ContentAppender out = store.append(complete, 0)) {
            out.write(ByteBuffer.wrap(CONTENT));
        }
        store.finish(complete).orElseThrow();
        NodeProof proof = NodeProof.from(RouteFixture.SECRET, Clock.systemUTC());
        server = new HttpServer(0, JwtVerifier.hs256(RouteFixture.SECRET, RouteFixture.AUTH), proof, new Metrics(),
                List.of(new ContentRoutes(store, (id, url) -> SEEDS.add(id.hex() + " " + url), proof))).start();
        host = new HostInfo("127.0.0.1", server.port());
        peers = new Peers("http", new HostInfo("127.0.0.1", 1), Duration.ofSeconds(5), Duration.ofSeconds(30), proof);
    }

    @AfterAll
    static void stop() {
        peers.close();
        server.close();
    }

    static ContentId idOf(byte[] bytes) throws Exception {
        return new ContentId(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    }

    static Peers.Streamed fromNode(ContentId id, String range) throws Exception {
        return peers.stream(host, ContentRoutes.PATH + id.hex(), range == null ? Map.of() : Map.of("Range", range))
                .get(30, TimeUnit.SECONDS);
    }

    @Test
    void a_node_gets_the_content_whole_or_the_range_it_asks_for() throws Exception {
        Peers.Streamed whole = fromNode(complete, null);
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.body().readAllBytes()).isEqualTo(CONTENT);
        Peers.Streamed range = fromNode(complete, "bytes=1000-1999");
        assertThat(range.status()).isEqualTo(206);
        assertThat(range.headers()).containsEntry("Content-Range", "bytes 1000-1999/300000");
        assertThat(range.body().readAllBytes()).isEqualTo(Arrays.copyOfRange(CONTENT, 1000, 2000));
    }

    @Test
    void a_content_still_arriving_is_served_as_far_as_it_goes() throws Exception {
        byte[] other = Arrays.copyOf(CONTENT, 200_000);
        ContentId growing = idOf(other);
        try (ContentAppender out = store.append(growing, 0)) {
            out.write(ByteBuffer.wrap(other, 0, 5000));
        }
        Peers.Streamed prefix = fromNode(growing, "bytes=4000-99999");
        assertThat(prefix.status()).isEqualTo(206);
        assertThat(prefix.headers()).containsEntry("Content-Range", "bytes 4000-4999/5000");
        assertThat(prefix.body().readAllBytes()).isEqualTo(Arrays.copyOfRange(other, 4000, 5000));
        assertThat(fromNode(growing, "bytes=5000-").status()).isEqualTo(416);
        assertThat(fromNode(new ContentId("0".repeat(64)), null).status()).isEqualTo(404);
    }

    @Test
    void an_owner_s_token_alone_gets_401_and_a_forged_proof_403_never_bytes() throws Exception {
        String token = new TokenMinter(RouteFixture.SECRET, RouteFixture.AUTH).mint("alice", true, Duration.ofHours(1),
                Instant.now());
        HttpRequest.Builder get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + ContentRoutes.PATH
                + complete.hex())).header("Authorization", "Bearer " + token);
        HttpResponse<String> owner = CLIENT.send(get.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(owner.statusCode()).isEqualTo(401);
        assertThat(owner.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(owner.body()).contains("E_ACCESSDENIED");
        HttpResponse<String> forged = CLIENT.send(get.header(Peers.FORWARDED, "127.0.0.1:1 " + System.currentTimeMillis()
                + " AAAA").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("E_ACCESSDENIED").doesNotContain(new String(CONTENT, 0, 16, StandardCharsets.ISO_8859_1));
    }

    @Test
    void a_node_asks_the_seeder_to_seed_and_no_one_else_can() throws Exception {
        byte[] body = "{\"url\":\"https://example.com/a.bin\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(peers.post(host, ContentRoutes.PATH + complete.hex() + "/seed", body).get(30, TimeUnit.SECONDS))
                .isEqualTo(202);
        assertThat(SEEDS).containsExactly(complete.hex() + " https://example.com/a.bin");
        HttpResponse<String> anyone = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + ContentRoutes.PATH + complete.hex() + "/seed")).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anyone.statusCode()).isEqualTo(401);
        assertThat(SEEDS).hasSize(1);
        assertThat(peers.post(host, ContentRoutes.PATH + "XYZ/seed", body).get(30, TimeUnit.SECONDS)).isEqualTo(400);
    }

    @Test
    void a_seed_request_s_proof_seen_on_the_wire_does_not_carry_another_url() throws Exception {
        String path = ContentRoutes.PATH + complete.hex() + "/seed";
        byte[] seen = "{\"url\":\"https://example.com/b.bin\"}".getBytes(StandardCharsets.UTF_8);
        String proof = NodeProof.from(RouteFixture.SECRET, Clock.systemUTC()).sign("127.0.0.1:1", "POST", path, null, seen);
        HttpResponse<String> replayed = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header(Peers.FORWARDED, proof).POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"https://evil.example/b.bin\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(replayed.statusCode()).isEqualTo(403);
        assertThat(SEEDS).noneMatch(s -> s.contains("evil.example"));
        HttpResponse<String> asSigned = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header(Peers.FORWARDED, proof).POST(HttpRequest.BodyPublishers.ofByteArray(seen)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(asSigned.statusCode()).isEqualTo(202);
        // Taken back out, for the other tests' count of seeds.
        assertThat(SEEDS.remove(complete.hex() + " https://example.com/b.bin")).isTrue();
    }

    @Test
    void a_peer_s_piece_that_fails_the_manifest_fails_the_fetch_as_corrupt_and_is_never_written() throws Exception {
        byte[] bytes = new byte[2 * PieceManifest.PIECE + 100];
        new Random(11).nextBytes(bytes);
        ContentId id = idOf(bytes);
        try (ContentAppender out = store.append(id, 0)) {
            out.write(ByteBuffer.wrap(bytes));
        }
        StoredContent served = store.finish(id).orElseThrow();
        // The serving node's disk goes bad in the second piece, under the file (its modification time
        // stays): rot the holder's own look at its file (the stat it checks before serving) cannot see.
        served.path().toFile().setWritable(true);
        FileTime modified = Files.getLastModifiedTime(served.path());
        try (FileChannel file = FileChannel.open(served.path(), StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap(new byte[]{(byte) ~bytes[PieceManifest.PIECE + 5]}), PieceManifest.PIECE + 5);
        }
        Files.setLastModifiedTime(served.path(), modified);
        ContentStore mine = ContentStore.open(Files.createTempDirectory("copyjobs-fetcher"), 1L << 30, NO_ONE, METERS);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PeerFetch fetch = new PeerFetch(peers, mine, new TransferMeters(registry));
        String node = "127.0.0.1:" + server.port();
        assertThatThrownBy(() -> fetch.fetch(id, node, 0, bytes.length, served.manifest(), () -> false, Pacer.FREE))
                .isInstanceOfSatisfying(PeerFailure.class, f -> assertThat(f.corrupt()).isTrue());
        assertThat(mine.available(id)).isEqualTo(PieceManifest.PIECE);
        // Without a manifest (a holder still downloading) the bytes come as they are: the whole-file check refuses them.
        assertThat(fetch.fetch(id, node, PieceManifest.PIECE, bytes.length, null, () -> false, Pacer.FREE))
                .isEqualTo(bytes.length - PieceManifest.PIECE);
        assertThat(mine.finish(id)).isEmpty();
        // Every byte that came counts as from a peer, the bad piece's too (it crossed the network).
        assertThat(registry.get("copyjobs.transfer.bytes").tag("source", "peer").counter().count())
                .isEqualTo(2.0 * PieceManifest.PIECE + bytes.length - PieceManifest.PIECE);
    }
}
