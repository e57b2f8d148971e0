package io.copyjobs.transfer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Stopping a running download (Suspend, Cancel) and the pace of its progress reports. */
class CancelAndProgressTest {
    @RegisterExtension
    final FileServer server = FileServer.on("127.0.0.1");

    @TempDir
    Path jobDir;

    @Test
    void cancel_mid_file_stops_within_a_second_and_leaves_the_part_file_for_a_resume() throws Exception {
        byte[] content = Downloads.randomBytes(1 << 20, 3);
        server.serve(content, "\"v1\"");
        server.stallOnceAfter(256 * 1024);
        FileTask task = Downloads.task(jobDir, server.url("/file"), Downloads.sha256(content));
        FileDownloader downloader = Downloads.downloader(Downloads.settings());
        AtomicBoolean stop = new AtomicBoolean();

        CompletableFuture<DownloadResult> running = CompletableFuture.supplyAsync(
                () -> Downloads.download(downloader, task, stop::get));
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(Downloads.partOf(task))
                && Files.size(Downloads.partOf(task)) == 256 * 1024);
        long cancelledAt = System.nanoTime();
        stop.set(true);
        DownloadResult result = running.get(5, TimeUnit.SECONDS);

        assertThat(Duration.ofNanos(System.nanoTime() - cancelledAt)).isLessThan(Duration.ofSeconds(1));
        assertThat(result).isEqualTo(new DownloadResult.Cancelled(256 * 1024));
        assertThat(Downloads.download(downloader, task)).isInstanceOf(DownloadResult.Completed.class);
        assertThat(server.requests()).last().extracting(FileServer.Request::range).isEqualTo("bytes=262144-");
        assertThat(Files.readAllBytes(Downloads.partOf(task))).isEqualTo(content);
    }

    @Test
    void cancel_before_the_server_answers_stops_within_a_second() throws Exception {
        server.silent("/silent");
        FileTask task = Downloads.task(jobDir, server.url("/silent"), null);
        AtomicBoolean stop = new AtomicBoolean();

        CompletableFuture<DownloadResult> running = CompletableFuture.supplyAsync(
                () -> Downloads.download(Downloads.downloader(Downloads.settings()), task, stop::get));
        await().atMost(Duration.ofSeconds(60)).until(() -> server.requests().size() == 1);
        long cancelledAt = System.nanoTime();
        stop.set(true);
        DownloadResult result = running.get(5, TimeUnit.SECONDS);

        assertThat(Duration.ofNanos(System.nanoTime() - cancelledAt)).isLessThan(Duration.ofSeconds(1));
        assertThat(result).isEqualTo(new DownloadResult.Cancelled(0));
    }

    @Test
    void progress_comes_once_at_the_start_then_at_most_every_mebibyte_or_second() {
        int size = 8 << 20;
        byte[] content = Downloads.randomBytes(size, 4);
        server.serve(content, "\"v1\"");
        Downloads.Reports reports = new Downloads.Reports();

        long started = System.nanoTime();
        DownloadResult result = Downloads.downloader(Downloads.settings())
                .download(Downloads.task(jobDir, server.url("/file"), null), reports, () -> false);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

        assertThat(result).isInstanceOf(DownloadResult.Completed.class);
        List<Downloads.Report> all = reports.all;
        assertThat(all.get(0)).extracting(Downloads.Report::total, Downloads.Report::transferred).containsExactly(
                (long) size, 0L);
        assertThat(all).allSatisfy(report -> assertThat(report.total()).isEqualTo(size));
        for (int i = 1; i < all.size(); i++) {
            long bytes = all.get(i).transferred() - all.get(i - 1).transferred();
            long nanos = all.get(i).nanos() - all.get(i - 1).nanos();
            assertThat(bytes >= Downloads.PROGRESS_BYTES || nanos >= TimeUnit.SECONDS.toNanos(1))
                    .as("report %d comes %d bytes and %d ns after the previous one", i, bytes, nanos).isTrue();
        }
        assertThat(all.size()).as("far fewer reports than the %d buffers of the file", size / FileServer.CHUNK)
                .isBetween(2, 1 + (int) (size / Downloads.PROGRESS_BYTES + seconds));
    }
}
