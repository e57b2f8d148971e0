package io.copyjobs.transfer;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.copyjobs.config.TrustBundle;
import io.copyjobs.job.ErrorContext;
import io.copyjobs.job.FileSpec;
import io.copyjobs.job.JobFile;
import io.copyjobs.job.TransferOptions;
import io.copyjobs.metrics.TransferMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Downloads from a real HTTPS origin whose certificate a CA made in the test issued. */
class TlsDownloadTest {
    private final byte[] content = Downloads.randomBytes(64 * 1024, 5);
    @RegisterExtension
    final FileServer plain = FileServer.on("127.0.0.1").serve(content, "\"v1\"");
    private TestCa ca;
    private HttpsServer server;
    @TempDir
    Path dir;
    @TempDir
    Path jobDir;

    @BeforeEach
    void start() throws Exception {
        ca = TestCa.in(dir);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ca.serverContext()));
        server.createContext("/file", exchange -> {
            exchange.sendResponseHeaders(200, content.length);
            exchange.getResponseBody().write(content);
            exchange.close();
        });
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", plain.url("/file").toString());
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void without_the_ca_file_the_certificate_is_an_untrusted_ca_naming_the_host() {
        DownloadResult result = download(TrustBundle.JDK, "127.0.0.1");

        DownloadResult.Failed failed = (DownloadResult.Failed) result;
        assertThat(failed.transientError()).isFalse();
        assertThat(failed.error().code()).isEqualTo("ERROR_WINHTTP_SECURE_INVALID_CA");
        assertThat(failed.error().context()).isEqualTo(ErrorContext.REMOTE_FILE);
        assertThat(failed.error().description()).contains("127.0.0.1");
    }

    @Test
    void with_the_ca_file_added_or_replacing_the_download_completes() throws Exception {
        for (boolean replace : List.of(false, true)) {
            DownloadResult result = download(bundle(replace), "127.0.0.1");

            assertThat(result).isInstanceOf(DownloadResult.Completed.class);
            assertThat(Files.readAllBytes(jobDir.resolve("data/file.bin.part"))).isEqualTo(content);
            Files.delete(jobDir.resolve("data/file.bin.part"));
        }
    }

    @Test
    void a_trusted_certificate_for_another_name_is_a_name_mismatch() throws Exception {
        DownloadResult.Failed failed = (DownloadResult.Failed) download(bundle(false), "localhost");

        assertThat(failed.transientError()).isFalse();
        assertThat(failed.error().code()).isEqualTo("ERROR_WINHTTP_SECURE_CERT_CN_INVALID");
        assertThat(failed.error().description()).contains("localhost");
    }

    @Test
    void an_https_redirect_to_http_is_refused_unless_the_job_allows_it() throws Exception {
        DownloadResult.Failed failed = (DownloadResult.Failed) download(bundle(false), "/moved", TransferOptions.NONE);

        assertThat(failed.transientError()).isFalse();
        assertThat(failed.error().code()).isEqualTo("ERROR_WINHTTP_REDIRECT_FAILED");
        assertThat(failed.error().description()).contains("from https to http");

        TransferOptions allow = new TransferOptions(null, null, null, null, true, null, null);
        assertThat(download(bundle(false), "/moved", allow)).isInstanceOf(DownloadResult.Completed.class);
    }

    private TrustBundle bundle(boolean replace) throws Exception {
        try (var in = Files.newInputStream(ca.caPem())) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return new TrustBundle(ca.caPem(), replace, List.of(cert));
        }
    }

    private DownloadResult download(TrustBundle trust, String host) {
        return download(trust, host, "/file", TransferOptions.NONE);
    }

    private DownloadResult download(TrustBundle trust, String path, TransferOptions options) {
        return download(trust, "127.0.0.1", path, options);
    }

    private DownloadResult download(TrustBundle trust, String host, String path, TransferOptions options) {
        DownloadSettings base = Downloads.settings();
        DownloadSettings settings = new DownloadSettings(base.maxFileBytes(), base.deny(), base.connectTimeout(),
                base.stallTimeout(), base.progressInterval(), base.progressBytes(), trust, base.proxy());
        FileDownloader downloader = new FileDownloader(FileDownloader.newHttpClient(settings), settings,
                new TransferMeters(new SimpleMeterRegistry()), Downloads.SECRETS, 0);
        URI url = URI.create("https://" + host + ":" + server.getAddress().getPort() + path);
        FileTask task = FileTask.of("job", jobDir, 0, JobFile.added(new FileSpec(url.toString(), "data/file.bin", null)), options);
        return Downloads.download(downloader, task);
    }
}
