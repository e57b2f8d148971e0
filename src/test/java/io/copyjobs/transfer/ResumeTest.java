package io.copyjobs.transfer;

import io.copyjobs.job.ErrorContext;
import io.copyjobs.metrics.TransferMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Whole downloads and resumes against a real HTTP server: what is fetched again, and what is not. */
class ResumeTest {
    private static final int SIZE = 1 << 20;
    private final byte[] content = Downloads.randomBytes(SIZE, 7);
    private final FileDownloader downloader = Downloads.downloader(Downloads.settings());
    @RegisterExtension
    final FileServer server = FileServer.on("127.0.0.1");
    private FileTask task;

    @TempDir
    Path jobDir;

    @BeforeEach
    void serveContent() {
        server.serve(content, "\"v1\"");
        task = Downloads.task(jobDir, server.url("/file"), Downloads.sha256(content));
    }

    @Test
    void a_whole_file_lands_in_its_part_file_with_its_checksum_and_validator() throws Exception {
        DownloadResult result = Downloads.download(downloader, task);

        assertThat(result).isEqualTo(new DownloadResult.Completed(SIZE, Downloads.sha256(content)));
        assertThat(Files.readAllBytes(Downloads.partOf(task))).isEqualTo(content);
        assertThat(Files.readString(jobDir.resolve("data/file.bin.part.meta"))).isEqualTo("\"v1\"");
        assertThat(jobDir.resolve("data/file.bin")).doesNotExist();
    }

    @Test
    void resume_after_a_dropped_connection_fetches_only_the_rest() throws Exception {
        server.dropOnceAfter(300 * 1024);

        DownloadResult dropped = Downloads.download(downloader, task);
        long kept = Files.size(Downloads.partOf(task));
        DownloadResult resumed = Downloads.download(downloader, task);

        assertThat(dropped).isInstanceOfSatisfying(DownloadResult.Failed.class, failed -> {
            assertThat(failed.transientError()).isTrue();
            assertThat(failed.error().code()).isEqualTo("BG_E_NETWORK_DISCONNECTED");
            assertThat(failed.error().hresult()).isEqualTo("0x80200010");
            assertThat(failed.error().context()).isEqualTo(ErrorContext.GENERAL_TRANSPORT);
            assertThat(failed.bytesTransferred()).isEqualTo(kept).isPositive();
        });
        assertThat(resumed).isInstanceOf(DownloadResult.Completed.class);
        assertThat(Files.readAllBytes(Downloads.partOf(task))).isEqualTo(content);
        assertThat(server.requests()).last().isEqualTo(new FileServer.Request("bytes=" + kept + "-", "\"v1\""));
        assertThat(server.bytesSent()).isLessThanOrEqualTo(SIZE + FileServer.CHUNK);
    }

    @Test
    void every_byte_that_arrives_from_the_origin_is_counted_once_as_it_arrives_also_when_the_file_starts_over() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FileDownloader counted = Downloads.downloader(Downloads.settings(), new TransferMeters(registry));
        server.dropOnceAfter(300 * 1024);
        Downloads.download(counted, task);
        long kept = Downloads.partOf(task).toFile().length();
        assertThat(bytesFrom(registry, "origin")).as("counted before the download ended").isEqualTo(kept);

        Downloads.download(counted, task);
        assertThat(bytesFrom(registry, "origin")).as("a resume adds only the rest").isEqualTo(SIZE);
        server.serve(Downloads.randomBytes(SIZE, 10), "\"v2\"");
        task = Downloads.task(jobDir, server.url("/file"), null);
        Downloads.download(counted, task);
        assertThat(bytesFrom(registry, "origin")).as("a file that changed is fetched, and counted, again").isEqualTo(2L * SIZE);
        assertThat(bytesFrom(registry, "peer")).isZero();
    }

    private static long bytesFrom(SimpleMeterRegistry registry, String source) {
        return (long) registry.get("copyjobs.transfer.bytes").tag("source", source).counter().count();
    }

    @Test
    void a_remote_file_that_changed_between_attempts_starts_again_from_the_first_byte() throws Exception {
        interruptMidFile();
        byte[] changed = Downloads.randomBytes(SIZE, 8);
        server.serve(changed, "\"v2\"");

        DownloadResult result = downloadExpecting(changed);

        assertThat(result).isEqualTo(new DownloadResult.Completed(SIZE, Downloads.sha256(changed)));
        assertThat(Files.readAllBytes(Downloads.partOf(task))).isEqualTo(changed);
        assertThat(Files.readString(jobDir.resolve("data/file.bin.part.meta"))).isEqualTo("\"v2\"");
    }

    @Test
    void a_206_of_a_changed_file_from_a_server_that_ignores_if_range_is_not_appended() throws Exception {
        interruptMidFile();
        byte[] changed = Downloads.randomBytes(SIZE, 9);
        server.serve(changed, "\"v2\"");
        server.ignoreIfRange = true;

        DownloadResult result = downloadExpecting(changed);

        assertThat(server.requests()).last().isEqualTo(new FileServer.Request("", ""));
        assertThat(result).isEqualTo(new DownloadResult.Completed(SIZE, Downloads.sha256(changed)));
    }

    @Test
    void a_server_that_ignores_ranges_makes_the_file_start_again() throws Exception {
        interruptMidFile();
        server.ignoreRanges = true;

        DownloadResult result = Downloads.download(downloader, task);

        assertThat(server.requests()).last().extracting(FileServer.Request::range).asString().startsWith("bytes=");
        assertThat(result).isEqualTo(new DownloadResult.Completed(SIZE, Downloads.sha256(content)));
        assertThat(Files.readAllBytes(Downloads.partOf(task))).isEqualTo(content);
    }

    @Test
    void a_missing_part_file_starts_the_file_again_without_a_range() throws Exception {
        interruptMidFile();
        Files.delete(Downloads.partOf(task));

        DownloadResult result = Downloads.download(downloader, task);

        assertThat(server.requests()).last().isEqualTo(new FileServer.Request("", ""));
        assertThat(result).isEqualTo(new DownloadResult.Completed(SIZE, Downloads.sha256(content)));
    }

    @Test
    void a_weak_etag_is_not_a_validator_so_last_modified_is_sent_instead() throws Exception {
        server.serve(content, "W/\"weak\"");
        interruptMidFile();

        DownloadResult result = Downloads.download(downloader, task);

        assertThat(server.requests()).last().extracting(FileServer.Request::ifRange)
                .isEqualTo(FileServer.LAST_MODIFIED);
        assertThat(result).isInstanceOf(DownloadResult.Completed.class);
        assertThat(server.bytesSent()).isLessThanOrEqualTo(SIZE + FileServer.CHUNK);
    }

    @Test
    void a_part_file_whose_validator_is_unreadable_starts_again_without_a_range() throws Exception {
        interruptMidFile();
        Files.write(jobDir.resolve("data/file.bin.part.meta"), new byte[]{'"', 0, '\n', (byte) 0xFF});

        DownloadResult result = Downloads.download(downloader, task);

        assertThat(server.requests()).last().isEqualTo(new FileServer.Request("", ""));
        assertThat(result).isEqualTo(new DownloadResult.Completed(SIZE, Downloads.sha256(content)));
    }

    @Test
    void a_part_file_that_is_already_whole_completes_without_fetching_it_again() throws Exception {
        Downloads.download(downloader, task);
        long sent = server.bytesSent();

        DownloadResult again = Downloads.download(downloader, task);

        assertThat(again).isEqualTo(new DownloadResult.Completed(SIZE, Downloads.sha256(content)));
        assertThat(server.bytesSent()).isEqualTo(sent);
        assertThat(server.requests()).last().isEqualTo(new FileServer.Request("bytes=" + SIZE + "-", "\"v1\""));
    }

    @Test
    void a_new_version_by_its_validator_of_the_same_sha256_carries_on_where_the_part_file_ends() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FileDownloader counted = Downloads.downloader(Downloads.settings(), new TransferMeters(registry));
        server.dropOnceAfter(300 * 1024);
        assertThat(Downloads.download(counted, task)).isInstanceOf(DownloadResult.Failed.class);
        long kept = Files.size(Downloads.partOf(task));
        server.serve(content, "\"mirror-2\"");

        DownloadResult result = Downloads.download(counted, task);

        assertThat(result).isEqualTo(new DownloadResult.Completed(SIZE, Downloads.sha256(content)));
        assertThat(server.requests()).last().isEqualTo(new FileServer.Request("bytes=" + kept + "-", ""));
        // The If-Range request's 200 is closed unread: what the node received is the file once.
        assertThat(bytesFrom(registry, "origin")).isEqualTo(SIZE);
        assertThat(Files.readString(jobDir.resolve("data/file.bin.part.meta"))).isEqualTo("\"mirror-2\"");
    }

    @Test
    void bytes_that_turn_out_to_be_another_content_make_the_file_start_over_once_not_fail() throws Exception {
        interruptMidFile();
        long kept = Files.size(Downloads.partOf(task));
        byte[] changed = Downloads.randomBytes(SIZE, 12);
        server.serve(changed, "\"v2\"");

        DownloadResult result = downloadExpecting(changed);

        assertThat(result).isEqualTo(new DownloadResult.Completed(SIZE, Downloads.sha256(changed)));
        List<FileServer.Request> requests = server.requests();
        assertThat(requests.subList(requests.size() - 3, requests.size())).containsExactly(
                new FileServer.Request("bytes=" + kept + "-", "\"v1\""), new FileServer.Request("bytes=" + kept + "-", ""),
                new FileServer.Request("", ""));
    }

    /** An attempt that ends when the server drops the connection a third of the way in. */
    private void interruptMidFile() {
        server.dropOnceAfter(300 * 1024);
        assertThat(Downloads.download(downloader, task)).isInstanceOf(DownloadResult.Failed.class);
    }

    private DownloadResult downloadExpecting(byte[] changed) {
        return Downloads.download(downloader, Downloads.task(jobDir, server.url("/file"), Downloads.sha256(changed)));
    }
}
