package io.copyjobs.content;

import io.copyjobs.metrics.TransferMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ContentStoreTest {
    @TempDir
    Path dir;
    /** Told from the thread of a rot check too. */
    final List<String> events = new CopyOnWriteArrayList<>();
    final ContentStore.Listener listener = new ContentStore.Listener() {
        @Override
        public void finished(StoredContent content) {
            events.add("finished " + content.id().hex().substring(0, 4));
        }

        @Override
        public void removed(ContentId id) {
            events.add("removed " + id.hex().substring(0, 4));
        }
    };

    ContentStore open(long maxBytes) throws IOException {
        return open(maxBytes, new SimpleMeterRegistry());
    }

    ContentStore open(long maxBytes, MeterRegistry registry) throws IOException {
        return ContentStore.open(dir, maxBytes, listener, new TransferMeters(registry));
    }

    static double cacheBytes(MeterRegistry registry) {
        return registry.get("copyjobs.cache.bytes").gauge().value();
    }

    static ContentId idOf(byte[] bytes) throws Exception {
        return new ContentId(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    }

    static StoredContent put(ContentStore store, byte[] bytes) throws Exception {
        ContentId id = idOf(bytes);
        try (ContentAppender out = store.append(id, 0)) {
            out.write(ByteBuffer.wrap(bytes));
        }
        return store.finish(id).orElseThrow();
    }

    @Test
    void looking_whether_a_content_is_held_is_no_use_so_eviction_stays_least_recently_used() throws Exception {
        ContentStore store = open(2500);
        StoredContent a = put(store, PieceManifestTest.bytes(1000));
        awaitNextMillisecond();
        StoredContent b = put(store, PieceManifestTest.bytes(1001));
        awaitNextMillisecond();
        // What replication and seeding do every few seconds for every content.
        assertThat(store.verified(a.id())).isTrue();
        assertThat(store.verified(b.id())).isTrue();
        assertThat(store.verified(a.id())).isTrue();
        put(store, PieceManifestTest.bytes(1002));
        assertThat(store.verified(a.id())).isFalse();
        assertThat(store.verified(b.id())).isTrue();
    }

    @Test
    void the_room_left_is_what_the_store_takes_before_it_evicts() throws Exception {
        ContentStore store = open(2500);
        assertThat(store.room()).isEqualTo(2500);
        put(store, PieceManifestTest.bytes(1000));
        assertThat(store.room()).isEqualTo(1500);
    }

    /** Uses are told apart by the millisecond they happened in. */
    static void awaitNextMillisecond() {
        long now = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1)).until(() -> System.currentTimeMillis() > now);
    }

    @Test
    void a_part_grows_in_order_readable_as_it_grows_and_becomes_the_content_once_its_digest_matches() throws Exception {
        ContentStore store = open(1 << 30);
        byte[] bytes = PieceManifestTest.bytes(3 * PieceManifest.PIECE);
        ContentId id = idOf(bytes);
        try (ContentAppender out = store.append(id, 0)) {
            out.write(ByteBuffer.wrap(bytes, 0, 1000));
            assertThat(store.available(id)).isEqualTo(1000);
            assertThat(store.complete(id)).isEmpty();
            PeerRead.Open in = (PeerRead.Open) store.read(id);
            try (FileChannel channel = in.channel()) {
                assertThat(in.length()).isEqualTo(1000);
            }
        }
        try (ContentAppender out = store.append(id, 1000)) {
            out.write(ByteBuffer.wrap(bytes, 1000, bytes.length - 1000));
        }
        StoredContent done = store.finish(id).orElseThrow();
        assertThat(Files.readAllBytes(done.path())).isEqualTo(bytes);
        assertThat(done.manifest()).isEqualTo(PieceManifestTest.manifestOf(bytes));
        assertThat(store.available(id)).isEqualTo(bytes.length);
        assertThat(events).containsExactly("finished " + id.hex().substring(0, 4));
    }

    /** Peers' appends are hashed as they come; bytes another writer adds (the origin's download) send the check to all the file. */
    @Test
    void a_part_begun_by_peers_and_ended_by_another_writer_is_judged_by_all_its_bytes() throws Exception {
        ContentStore store = open(1 << 30);
        byte[] bytes = PieceManifestTest.bytes(2 * PieceManifest.PIECE + 5);
        ContentId id = idOf(bytes);
        try (ContentAppender out = store.append(id, 0)) {
            out.write(ByteBuffer.wrap(bytes, 0, PieceManifest.PIECE + 3));
        }
        Files.write(dir.resolve(id.hex() + ".part"), Arrays.copyOfRange(bytes, PieceManifest.PIECE + 3, bytes.length),
                StandardOpenOption.APPEND);
        StoredContent done = store.finish(id).orElseThrow();
        assertThat(done.manifest()).isEqualTo(PieceManifestTest.manifestOf(bytes));

        // Peers' bytes that are not the content fail as ever, hashed as they came.
        byte[] other = Arrays.copyOf(bytes, bytes.length);
        other[PieceManifest.PIECE + 1] ^= 1;
        ContentId wanted = idOf(Arrays.copyOf(bytes, bytes.length - 1));
        try (ContentAppender out = store.append(wanted, 0)) {
            out.write(ByteBuffer.wrap(other, 0, other.length - 1));
        }
        assertThat(store.finish(wanted)).isEmpty();
        assertThat(store.holds(wanted)).isFalse();
    }

    @Test
    void bytes_that_are_not_the_content_are_deleted_never_finished() throws Exception {
        ContentStore store = open(1 << 30);
        ContentId id = idOf(new byte[]{1, 2, 3});
        try (ContentAppender out = store.append(id, 0)) {
            out.write(ByteBuffer.wrap(new byte[]{1, 2, 4}));
        }
        assertThat(store.finish(id)).isEmpty();
        assertThat(store.holds(id)).isFalse();
        assertThat(store.available(id)).isZero();
    }

    @Test
    void over_its_size_the_least_recently_used_unpinned_content_goes_first() throws Exception {
        ContentStore store = open(2500);
        StoredContent a = put(store, PieceManifestTest.bytes(1000));
        StoredContent b = put(store, PieceManifestTest.bytes(1001));
        store.pin(a.id(), "job-1");
        StoredContent c = put(store, PieceManifestTest.bytes(1002));
        // a is the oldest but pinned: b goes.
        assertThat(store.complete(b.id())).isEmpty();
        assertThat(store.complete(a.id())).isPresent();
        assertThat(store.usedBytes()).isEqualTo(2002);
        assertThat(events).contains("removed " + b.id().hex().substring(0, 4));
        store.release("job-1");
        assertThat(store.complete(c.id())).isPresent();
        put(store, PieceManifestTest.bytes(1003));
        // c was used after a was released: a is now the least recently used.
        assertThat(store.complete(a.id())).isEmpty();
        assertThat(store.complete(c.id())).isPresent();
    }

    @Test
    void the_cache_meters_count_each_eviction_and_show_the_bytes_held_also_at_start() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ContentStore store = open(2500, registry);
        put(store, PieceManifestTest.bytes(1000));
        assertThat(cacheBytes(registry)).isEqualTo(1000);
        put(store, PieceManifestTest.bytes(1001));
        put(store, PieceManifestTest.bytes(1002));
        assertThat(registry.get("copyjobs.cache.evictions").counter().count()).isEqualTo(1);
        assertThat(cacheBytes(registry)).isEqualTo(store.usedBytes()).isBetween(2002.0, 2003.0);
        byte[] partial = PieceManifestTest.bytes(7000);
        try (ContentAppender out = store.append(idOf(partial), 0)) {
            out.write(ByteBuffer.wrap(partial, 0, 300));
        }
        // Another run of the node: its gauge starts at what the directory holds, the part file included.
        SimpleMeterRegistry later = new SimpleMeterRegistry();
        ContentStore again = open(1 << 30, later);
        assertThat(cacheBytes(later)).isEqualTo(again.usedBytes()).isEqualTo(store.usedBytes()).isGreaterThan(2300);
        assertThat(later.get("copyjobs.cache.evictions").counter().count()).isZero();
    }

    @Test
    void a_restart_finds_the_verified_contents_and_parts_and_drops_a_content_without_its_manifest() throws Exception {
        ContentStore store = open(1 << 30);
        StoredContent kept = put(store, PieceManifestTest.bytes(5000));
        StoredContent torn = put(store, PieceManifestTest.bytes(6000));
        Files.delete(dir.resolve(torn.id().hex() + ".manifest"));
        byte[] partial = PieceManifestTest.bytes(7000);
        ContentId growing = idOf(partial);
        try (ContentAppender out = store.append(growing, 0)) {
            out.write(ByteBuffer.wrap(partial, 0, 300));
        }

        ContentStore again = open(1 << 30);
        assertThat(again.complete(kept.id()).map(StoredContent::manifest)).contains(kept.manifest());
        assertThat(again.complete(torn.id())).isEmpty();
        assertThat(dir.resolve(torn.id().hex())).doesNotExist();
        assertThat(again.available(growing)).isEqualTo(300);
        assertThat(again.all()).extracting(StoredContent::id).containsExactly(kept.id());
    }

    @Test
    void a_read_of_an_absent_content_is_empty() throws IOException {
        ContentStore store = open(1 << 30);
        assertThat(store.read(new ContentId("0".repeat(64)))).isEqualTo(new PeerRead.Absent());
    }

    /** What a read finds once any check of the file ended (on a busy machine, a first read may find it still running). */
    static PeerRead settled(ContentStore store, ContentId id) {
        PeerRead[] read = new PeerRead[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> !((read[0] = store.read(id)) instanceof PeerRead.Busy));
        return read[0];
    }

    /** Flips a byte of {@code content}'s file in place, its modification time kept: rot as a failing disk makes it. */
    static void rotInPlace(StoredContent content) throws IOException {
        content.path().toFile().setWritable(true);
        FileTime modified = Files.getLastModifiedTime(content.path());
        byte[] bytes = Files.readAllBytes(content.path());
        try (FileChannel file = FileChannel.open(content.path(), StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap(new byte[]{(byte) ~bytes[17]}), 17);
        }
        Files.setLastModifiedTime(content.path(), modified);
    }

    @Test
    void a_content_gone_bad_on_disk_is_deleted_on_its_first_serve_after_start_and_no_longer_advertised() throws Exception {
        StoredContent sound = put(open(1 << 30), PieceManifestTest.bytes(5000));
        StoredContent rotten = put(open(1 << 30), PieceManifestTest.bytes(5001));
        rotInPlace(rotten);
        events.clear();

        ContentStore again = open(1 << 30);
        assertThat(settled(again, rotten.id())).isEqualTo(new PeerRead.Absent());
        assertThat(again.verified(rotten.id())).isFalse();
        assertThat(rotten.path()).doesNotExist();
        assertThat(events).containsExactly("removed " + rotten.id().hex().substring(0, 4));
        PeerRead.Open ok = (PeerRead.Open) settled(again, sound.id());
        try (FileChannel channel = ok.channel()) {
            assertThat(ok.length()).isEqualTo(5000);
        }
    }

    @Test
    void a_content_file_replaced_while_the_node_runs_is_checked_again_before_it_is_served() throws Exception {
        ContentStore store = open(1 << 30);
        byte[] bytes = PieceManifestTest.bytes(5002);
        StoredContent content = put(store, bytes);
        bytes[17] ^= 0x5a;
        Path other = dir.resolve("other");
        Files.write(other, bytes);
        Files.move(other, content.path(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertThat(settled(store, content.id())).isEqualTo(new PeerRead.Absent());
        assertThat(store.holds(content.id())).isFalse();
    }
}
