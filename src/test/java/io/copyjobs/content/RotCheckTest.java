package io.copyjobs.content;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
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

    @Test
    void two_first_serves_at_once_hash_the_file_once_and_both_find_it_sound() throws Exception {
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
        });
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> rot.sound(content));
        assertThat(inHash.await(60, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> rot.sound(content));
        // The second serve is at the lock, not through it, while the first one's hash runs.
        await().atMost(Duration.ofSeconds(60)).until(() -> blockedOnLock(second));
        release.countDown();

        assertThat(first.get(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.get(60, TimeUnit.SECONDS)).isTrue();
        assertThat(hashes).as("hashes of the file").hasValue(1);
    }

    @Test
    void a_file_written_to_after_its_check_is_hashed_again_and_found_rotten() throws Exception {
        StoredContent content = stored();
        AtomicInteger hashes = new AtomicInteger();
        RotCheck rot = new RotCheck(file -> {
            hashes.incrementAndGet();
            return StoreLayout.hash(file).wholeHex();
        });
        assertThat(rot.sound(content)).isTrue();
        assertThat(rot.sound(content)).as("unchanged: a stat, no hash").isTrue();
        assertThat(hashes).hasValue(1);

        byte[] bytes = Files.readAllBytes(content.path());
        bytes[PieceManifest.PIECE] ^= 1;
        Files.write(content.path(), bytes);
        Files.setLastModifiedTime(content.path(), FileTime.fromMillis(1_000));

        assertThat(rot.sound(content)).isFalse();
        assertThat(hashes).hasValue(2);
    }

    /** True once some thread other than the test's waits to enter a monitor inside RotCheck. */
    private static boolean blockedOnLock(CompletableFuture<Boolean> waiting) {
        return !waiting.isDone() && Thread.getAllStackTraces().entrySet().stream().anyMatch(e ->
                e.getKey().getState() == Thread.State.BLOCKED && e.getValue().length > 0
                        && Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().equals(RotCheck.class.getName())));
    }
}
