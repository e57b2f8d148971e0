package io.copyjobs.transfer;

import io.copyjobs.job.FileSpec;
import io.copyjobs.job.JobFile;
import io.copyjobs.job.TransferOptions;
import io.copyjobs.metrics.TransferMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The bandwidth limits against a real HTTP server, measured over about six seconds: 1.5 MiB at
 * 256 KiB/s. The bucket lets no more than a tenth of a second's credit through early, so a
 * rate above the limit (+20 %) is a bug; a busy machine can only make a transfer slower, yet
 * loopback on it still moves far more than 205 KiB/s (-20 %), so the lower bound fails only
 * when the limiter itself waits too long (a sleep per chunk that drifts would).
 */
class BandwidthTest {
    private static final long LIMIT = 256 * 1024;
    private static final int SIZE = 1536 * 1024;
    private final byte[] content = Downloads.randomBytes(SIZE, 11);
    private final byte[] half = Downloads.randomBytes(SIZE / 2, 12);
    @RegisterExtension
    final FileServer server = FileServer.on("127.0.0.1");
    @TempDir
    Path dir;

    private FileDownloader downloader(long nodeLimit) {
        return new FileDownloader(Downloads.CLIENT, Downloads.settings(), new TransferMeters(new SimpleMeterRegistry()),
                Downloads.SECRETS, nodeLimit);
    }

    private FileTask task(String job, String name, byte[] bytes, long jobLimit) {
        return task(job, dir.resolve(job), name, bytes, jobLimit);
    }

    private FileTask task(String job, Path jobDir, String name, byte[] bytes, long jobLimit) {
        FileSpec spec = new FileSpec(server.url("/file").toString(), name, Downloads.sha256(bytes));
        return FileTask.of(job, jobDir, 0, JobFile.added(spec), limit(jobLimit));
    }

    private static TransferOptions limit(long jobLimit) {
        return new TransferOptions(null, null, null, null, null, jobLimit, null).over(TransferOptions.NONE);
    }

    /** Downloads the tasks at once; answers each one's seconds until it completed, after checking it did. */
    private static List<Double> timed(FileDownloader downloader, List<FileTask> tasks) {
        long start = System.nanoTime();
        List<CompletableFuture<Double>> runs = tasks.stream().map(t -> CompletableFuture.supplyAsync(() -> {
            assertThat(Downloads.download(downloader, t)).isInstanceOf(DownloadResult.Completed.class);
            return (System.nanoTime() - start) / 1e9;
        })).toList();
        await().atMost(Duration.ofSeconds(60)).until(() -> runs.stream().allMatch(CompletableFuture::isDone));
        return runs.stream().map(CompletableFuture::join).toList();
    }

    private static void assertRate(long bytes, double seconds) {
        assertThat(bytes / seconds).isCloseTo(LIMIT, within(LIMIT * 0.2));
    }

    @Test
    void one_transfer_keeps_to_its_jobs_limit() {
        server.serve(content, "\"v1\"");
        List<Double> seconds = timed(downloader(0), List.of(task("job", "a.bin", content, LIMIT)));
        assertRate(SIZE, seconds.get(0));
    }

    @Test
    void one_transfer_keeps_to_the_nodes_limit() {
        server.serve(content, "\"v1\"");
        List<Double> seconds = timed(downloader(LIMIT), List.of(task("job", "a.bin", content, 0)));
        assertRate(SIZE, seconds.get(0));
    }

    @Test
    void two_transfers_of_a_job_share_its_limit_equally() {
        server.serve(half, "\"v1\"");
        List<Double> seconds = timed(downloader(0),
                List.of(task("job", "a.bin", half, LIMIT), task("job", "b.bin", half, LIMIT)));
        double all = Math.max(seconds.get(0), seconds.get(1));
        assertRate(SIZE, all);
        // Equal shares finish together; one served first would be done in half the time.
        assertThat(Math.min(seconds.get(0), seconds.get(1))).isGreaterThan(all * 0.8);
    }

    @Test
    void two_jobs_share_the_nodes_limit_equally() {
        server.serve(half, "\"v1\"");
        List<Double> seconds = timed(downloader(LIMIT),
                List.of(task("job1", "a.bin", half, 0), task("job2", "a.bin", half, LIMIT * 4)));
        double all = Math.max(seconds.get(0), seconds.get(1));
        assertRate(SIZE, all);
        assertThat(Math.min(seconds.get(0), seconds.get(1))).isGreaterThan(all * 0.8);
    }

    @Test
    void a_cancel_stops_a_throttled_transfer_at_once() {
        server.serve(content, "\"v1\"");
        AtomicBoolean cancelled = new AtomicBoolean();
        FileTask slow = task("job", "a.bin", content, 16 * 1024);
        CompletableFuture<DownloadResult> run = CompletableFuture.supplyAsync(
                () -> Downloads.download(downloader(0), slow, cancelled::get));
        await().atMost(Duration.ofSeconds(10)).until(() -> Downloads.partOf(slow).toFile().length() > 0);
        cancelled.set(true);
        await().atMost(Duration.ofSeconds(2)).until(run::isDone);
        assertThat(run.join()).isInstanceOf(DownloadResult.Cancelled.class);
    }

    @Test
    void two_jobs_whose_parts_share_a_directory_keep_to_their_own_limits() {
        // Content-cache downloads of several jobs all live in the store's directory: the limit is the job's, not the place's.
        server.serve(half, "\"v1\"");
        Path store = dir.resolve("store");
        List<Double> seconds = timed(downloader(0),
                List.of(task("job1", store, "a.bin", half, LIMIT), task("job2", store, "b.bin", half, LIMIT)));
        assertThat(SIZE / Math.max(seconds.get(0), seconds.get(1))).isCloseTo(2 * LIMIT, within(2 * LIMIT * 0.2));
    }

    @Test
    void a_changed_job_limit_applies_to_its_running_download() {
        server.serve(content, "\"v1\"");
        FileDownloader downloader = downloader(0);
        FileTask slow = task("job", "a.bin", content, 16 * 1024);
        long start = System.nanoTime();
        CompletableFuture<DownloadResult> run = CompletableFuture.supplyAsync(() -> Downloads.download(downloader, slow));
        await().atMost(Duration.ofSeconds(10)).until(() -> Downloads.partOf(slow).toFile().length() > 0);
        downloader.limit("job", limit(LIMIT));
        await().atMost(Duration.ofSeconds(60)).until(run::isDone);
        assertThat(run.join()).isInstanceOf(DownloadResult.Completed.class);
        // At the first limit the file takes 96 s; at the second, 6 s and whatever came before the change.
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(30);
    }

    @Test
    void a_limit_lifted_while_downloading_lets_the_download_run_free() {
        server.serve(content, "\"v1\"");
        FileDownloader downloader = downloader(0);
        FileTask slow = task("job", "a.bin", content, 16 * 1024);
        CompletableFuture<DownloadResult> run = CompletableFuture.supplyAsync(() -> Downloads.download(downloader, slow));
        await().atMost(Duration.ofSeconds(10)).until(() -> Downloads.partOf(slow).toFile().length() > 0);
        downloader.limit("job", limit(0));
        await().atMost(Duration.ofSeconds(30)).until(run::isDone);
        assertThat(run.join()).isInstanceOf(DownloadResult.Completed.class);
    }
}
