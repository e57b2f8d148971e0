package io.copyjobs.content;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RotCheckTest {
    @TempDir
    Path dir;

    /** A content of 3 pieces and a bit written to {@code dir}. */
    private StoredContent stored() throws IOException {
        byte[] bytes = new byte[3 * PieceManifest.PIECE + 17];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        Path file = Files.write(dir.resolve("content"), bytes);
        PieceHasher hasher = StoreLayout.hash(file);
        return new StoredContent(new ContentId(hasher.wholeHex()), file, bytes.length, hasher.manifest());
    }

    /** What the checks handed on as rotten. */
    final List<ContentId> dropped = new CopyOnWriteArrayList<>();

    /** The verdict once the check ended (a serve may be told CHECKING on a busy machine first). */
    static RotCheck.Verdict settled(RotCheck rot, StoredContent content) {
        RotCheck.Verdict[] seen = new RotCheck.Verdict[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> (seen[0] = rot.check(content)) != RotCheck.Verdict.CHECKING);
        return seen[0];
    }

    /**
     * The hash of a first serve runs off the serving thread: while it lasts, that serve and the
     * next are each answered CHECKING within a bounded wait, not held, and the file is hashed once.
     */
    @Test
    void serves_while_a_first_check_runs_are_told_checking_at_once_and_the_file_is_hashed_once() throws Exception {
        StoredContent content = stored();
        AtomicInteger hashes = new AtomicInteger();
        CountDownLatch inHash = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RotCheck rot = new RotCheck(file -> {
            hashes.incrementAndGet();
            inHash.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return StoreLayout.hash(file).wholeHex();
        }, c -> dropped.add(c.id()));
        for (int serve = 0; serve < 2; serve++) {
            long at = System.nanoTime();
            assertThat(rot.check(content)).isEqualTo(RotCheck.Verdict.CHECKING);
            assertThat(Duration.ofNanos(System.nanoTime() - at)).as("serve %d's wait", serve).isLessThan(Duration.ofSeconds(5));
        }
        assertThat(inHash.await(60, TimeUnit.SECONDS)).isTrue();
        release.countDown();

        assertThat(settled(rot, content)).isEqualTo(RotCheck.Verdict.SOUND);
        assertThat(hashes).as("hashes of the file").hasValue(1);
        assertThat(dropped).isEmpty();
    }

    @Test
    void a_file_written_to_after_its_check_is_hashed_again_and_found_rotten() throws Exception {
        StoredContent content = stored();
        AtomicInteger hashes = new AtomicInteger();
        RotCheck rot = new RotCheck(file -> {
            hashes.incrementAndGet();
            return StoreLayout.hash(file).wholeHex();
        }, c -> dropped.add(c.id()));
        assertThat(settled(rot, content)).isEqualTo(RotCheck.Verdict.SOUND);
        assertThat(rot.check(content)).as("unchanged: a stat, no hash").isEqualTo(RotCheck.Verdict.SOUND);
        assertThat(hashes).hasValue(1);

        byte[] bytes = Files.readAllBytes(content.path());
        bytes[PieceManifest.PIECE] ^= 1;
        Files.write(content.path(), bytes);
        Files.setLastModifiedTime(content.path(), FileTime.fromMillis(1_000));

        assertThat(settled(rot, content)).isEqualTo(RotCheck.Verdict.ROTTEN);
        assertThat(hashes).hasValue(2);
        assertThat(dropped).as("handed to the store to delete").containsExactly(content.id());
    }
}
