package io.copyjobs.transfer;

import io.copyjobs.config.Config;
import io.copyjobs.job.ErrorContext;
import io.copyjobs.job.TransferError;
import io.copyjobs.job.TransferOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How a download ends when the server, the network, the size limit, the checksum or the disk say no. */
class DownloadFailuresTest {
    private static final int SIZE = 256 * 1024;
    private final byte[] content = Downloads.randomBytes(SIZE, 11);
    private final FileDownloader downloader = Downloads.downloader(Downloads.settings());
    @RegisterExtension
    final FileServer server = FileServer.on("127.0.0.1").serve(content, "\"v1\"");

    @TempDir
    Path jobDir;

    @Test
    void a_404_is_a_fatal_http_error_of_the_remote_file() {
        server.answerNext(404);

        DownloadResult.Failed failed = fail(task(null));

        assertThat(failed.transientError()).isFalse();
        assertThat(failed.error()).isEqualTo(new TransferError("BG_E_HTTP_ERROR_404", "0x80190194",
                ErrorContext.REMOTE_FILE, "the server answered 404 for " + server.url("/file"), 0, null, null));
    }

    @ParameterizedTest
    @ValueSource(ints = {503, 500, 408, 429})
    void server_trouble_timeouts_and_throttling_are_transient(int status) {
        server.answerNext(status);

        DownloadResult.Failed failed = fail(task(null));

        assertThat(failed.transientError()).isTrue();
        assertThat(failed.error().code()).isEqualTo("BG_E_HTTP_ERROR_" + status);
        assertThat(failed.error().context()).isEqualTo(ErrorContext.REMOTE_FILE);
    }

    @Test
    void a_refused_connection_is_a_transient_disconnection() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        DownloadResult.Failed failed = fail(Downloads.task(jobDir, URI.create("http://127.0.0.1:" + closedPort + "/f"), null));

        assertThat(failed.transientError()).isTrue();
        assertThat(failed.error().code()).isEqualTo("BG_E_NETWORK_DISCONNECTED");
        assertThat(failed.error().context()).isEqualTo(ErrorContext.GENERAL_TRANSPORT);
    }

    @Test
    void a_server_that_stops_sending_is_a_transient_disconnection_after_the_stall_timeout() throws Exception {
        server.stallOnceAfter(FileServer.CHUNK);

        DownloadResult.Failed failed = fail(task(null));

        assertThat(failed.transientError()).isTrue();
        assertThat(failed.error().code()).isEqualTo("BG_E_NETWORK_DISCONNECTED");
        assertThat(failed.error().description()).contains("sent nothing for 2 s");
        assertThat(failed.bytesTransferred()).isEqualTo(FileServer.CHUNK);
    }

    @Test
    void a_checksum_mismatch_is_fatal_names_the_file_and_drops_its_bytes() {
        String wrong = "0".repeat(64);

        DownloadResult.Failed failed = fail(task(wrong));

        assertThat(failed.transientError()).isFalse();
        assertThat(failed.error().code()).isEqualTo("CJ_E_CHECKSUM_MISMATCH");
        assertThat(failed.error().description()).startsWith("data/file.bin: SHA-256 is " + Downloads.sha256(content));
        assertThat(failed.bytesTransferred()).isZero();
        assertThat(Downloads.partOf(task(wrong))).doesNotExist();
    }

    @Test
    void a_file_over_the_size_limit_stops_before_its_body_is_written() {
        FileDownloader small = Downloads.downloader(Downloads.settings(AddressRules.parse(List.of()), SIZE - 1));

        Downloads.Reports reports = new Downloads.Reports();

        DownloadResult result = small.download(task(null), reports, () -> false);

        assertThat(result).isInstanceOfSatisfying(DownloadResult.Failed.class, failed -> {
            assertThat(failed.transientError()).isFalse();
            assertThat(failed.error().code()).isEqualTo("CJ_E_FILE_TOO_LARGE");
            assertThat(failed.error().hresult()).isEqualTo("0xA0C10009");
            assertThat(failed.bytesTransferred()).isZero();
        });
        assertThat(reports.all).as("no progress: the body was never accepted").isEmpty();
        assertThat(Downloads.partOf(task(null))).doesNotExist();
    }

    @Test
    void a_file_of_unknown_size_stops_once_it_has_grown_over_the_configured_limit() {
        server.withoutLength = true;
        Config config = Config.fromMap(Map.of("COPYJOBS_MAX_FILE_BYTES", "100000", "COPYJOBS_TRANSFER_DENY", "none"));
        FileDownloader small = Downloads.downloader(DownloadSettings.from(config.transfer()));

        DownloadResult.Failed failed = fail(small, task(null));

        assertThat(failed.error().code()).isEqualTo("CJ_E_FILE_TOO_LARGE");
        assertThat(Downloads.partOf(task(null))).doesNotExist();
    }

    @Test
    void a_part_file_that_cannot_be_written_is_a_fatal_local_file_error() throws Exception {
        Path blocked = jobDir.resolve("job");
        Files.writeString(blocked, "a file where the job directory should be");

        DownloadResult.Failed failed = fail(Downloads.task(blocked, server.url("/file"), null));

        assertThat(failed.transientError()).isFalse();
        assertThat(failed.error().context()).isEqualTo(ErrorContext.LOCAL_FILE);
        assertThat(failed.error().code()).isIn("CJ_E_LOCAL_FILE", "ERROR_DISK_FULL");
        assertThat(failed.error().description()).startsWith("cannot write data/file.bin.part");
    }

    @Test
    void a_local_file_error_names_the_local_name_and_never_the_node_s_path() throws Exception {
        Path blocked = jobDir.resolve("job");
        Files.writeString(blocked, "a file where the job directory should be");

        // The job directory itself is in the way: Java's exception is nothing but its absolute path.
        DownloadResult.Failed failed = fail(new FileTask(blocked, 0, server.url("/file").toString(), "file.bin", null, TransferOptions.NONE));

        assertThat(failed.error().code()).isIn("CJ_E_LOCAL_FILE", "ERROR_DISK_FULL");
        assertThat(failed.error().description()).startsWith("cannot write file.bin.part: ")
                .doesNotContain(jobDir.toString());
    }

    @Test
    void a_local_name_that_would_leave_the_job_directory_is_refused_before_any_request() {
        FileTask escaping = new FileTask(jobDir.resolve("job"), 3, server.url("/file").toString(), "../evil", null, TransferOptions.NONE);

        DownloadResult.Failed failed = fail(escaping);

        assertThat(failed.error().code()).isEqualTo("E_INVALIDARG");
        assertThat(failed.error().context()).isEqualTo(ErrorContext.LOCAL_FILE);
        assertThat(failed.error().fileIndex()).isEqualTo(3);
        assertThat(server.requests()).isEmpty();
        assertThat(jobDir.resolve("evil.part")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://127.0.0.1/file", "http:///file", "http://127.0.0.1:99999/file", "not a url"})
    void a_remote_url_no_http_client_could_request_is_a_fatal_error_not_an_exception(String url) {
        DownloadResult.Failed failed = fail(new FileTask(jobDir, 0, url, "file.bin", null, TransferOptions.NONE));

        assertThat(failed.transientError()).isFalse();
        assertThat(failed.error().code()).isEqualTo("E_INVALIDARG");
        assertThat(failed.error().context()).isEqualTo(ErrorContext.REMOTE_FILE);
    }

    private FileTask task(String sha256) {
        return Downloads.task(jobDir, server.url("/file"), sha256);
    }

    private DownloadResult.Failed fail(FileTask task) {
        return fail(downloader, task);
    }

    private static DownloadResult.Failed fail(FileDownloader downloader, FileTask task) {
        DownloadResult result = Downloads.download(downloader, task);
        assertThat(result).isInstanceOf(DownloadResult.Failed.class);
        return (DownloadResult.Failed) result;
    }
}
