package io.copyjobs.content;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hashes of peers' appends (issue 17's bench: a peer's whole-file check after its last byte
 * read 256 MiB again), on real part files: they stand for a file only as the appends made it.
 */
class RunningHashesTest {
    @TempDir
    Path dir;

    /** Appends {@code [from, to)} of {@code bytes} as a peer fetch does, through an appender that feeds {@code hashes}. */
    static void append(RunningHashes hashes, ContentId id, Path part, byte[] bytes, int from, int to) throws Exception {
        FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.truncate(from);
        try (ContentAppender out = new ContentAppender(channel, from, hashes.appending(id, from),
                h -> hashes.appended(id, h, part))) {
            out.write(ByteBuffer.wrap(bytes, from, to - from));
        }
    }

    @Test
    void appends_in_order_and_again_from_a_piece_boundary_hash_the_file_as_a_read_of_it_would() throws Exception {
        byte[] bytes = PieceManifestTest.bytes(3 * PieceManifest.PIECE + 77);
        ContentId id = ContentStoreTest.idOf(bytes);
        Path part = dir.resolve("part");
        RunningHashes hashes = new RunningHashes();
        append(hashes, id, part, bytes, 0, PieceManifest.PIECE + 500);
        // A manifest has come meanwhile: the next fetch starts at the piece the last one ended in.
        append(hashes, id, part, bytes, PieceManifest.PIECE, 2 * PieceManifest.PIECE + 9);
        append(hashes, id, part, bytes, 2 * PieceManifest.PIECE + 9, bytes.length);

        assertStandsFor(hashes.take(id, part).orElseThrow(), id, bytes);
        assertThat(hashes.take(id, part)).as("taken once").isEmpty();
    }

    @Test
    void a_file_written_by_other_means_after_the_appends_or_from_bytes_never_hashed_has_no_hash() throws Exception {
        byte[] bytes = PieceManifestTest.bytes(2 * PieceManifest.PIECE);
        ContentId id = ContentStoreTest.idOf(bytes);
        Path part = dir.resolve("part");
        RunningHashes hashes = new RunningHashes();
        append(hashes, id, part, bytes, 0, 1000);
        // The origin's download carries on after the peers' bytes, with a writer of its own.
        Files.write(part, Arrays.copyOfRange(bytes, 1000, bytes.length), StandardOpenOption.APPEND);
        assertThat(hashes.take(id, part)).isEmpty();

        Path other = dir.resolve("other");
        Files.write(other, Arrays.copyOfRange(bytes, 0, 1000));
        append(hashes, id, other, bytes, 1000, bytes.length);
        assertThat(hashes.take(id, other)).as("bytes before the append were not hashed here").isEmpty();

        append(hashes, id, part, bytes, 0, 1000);
        hashes.forget(id);
        assertThat(hashes.take(id, part)).isEmpty();
    }

    /** A hash of other bytes (a writer that started its file over unseen) cannot fail the file, which is read again. */
    @Test
    void a_hash_of_bytes_the_file_no_longer_holds_is_never_the_judge() throws Exception {
        byte[] bytes = PieceManifestTest.bytes(PieceManifest.PIECE + 10);
        ContentId id = ContentStoreTest.idOf(bytes);
        Path part = dir.resolve("part");
        byte[] garbage = Arrays.copyOf(bytes, bytes.length);
        garbage[7] ^= 1;
        PieceHasher stale = new PieceHasher();
        stale.update(ByteBuffer.wrap(garbage));
        Files.write(part, bytes);
        assertStandsFor(RunningHashes.orRead(Optional.of(stale), id, part), id, bytes);
    }

    /** The origin's download tells of the hash it took as it wrote (ContentStore#written): it stands for the file as it left it. */
    @Test
    void the_hash_an_origin_download_took_stands_for_its_file_until_another_writes_there() throws Exception {
        byte[] bytes = PieceManifestTest.bytes(2 * PieceManifest.PIECE + 123);
        ContentId id = ContentStoreTest.idOf(bytes);
        Path part = dir.resolve("part");
        RunningHashes hashes = new RunningHashes();
        PieceHasher written = new PieceHasher();
        written.update(ByteBuffer.wrap(bytes));
        Files.write(part, bytes);
        hashes.appended(id, written, part);
        assertStandsFor(hashes.take(id, part).orElseThrow(), id, bytes);

        hashes.appended(id, written, part);
        Files.write(part, new byte[]{1}, StandardOpenOption.APPEND);
        assertThat(hashes.take(id, part)).as("the file changed after the download").isEmpty();
    }

    /** The hash is that of {@code bytes}, whole and by piece. */
    private static void assertStandsFor(PieceHasher kept, ContentId id, byte[] bytes) {
        assertThat(kept.wholeHex()).isEqualTo(id.hex());
        assertThat(kept.manifest()).isEqualTo(PieceManifestTest.manifestOf(bytes));
    }
}
