package io.copyjobs.transfer;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.copyjobs.config.TrustBundle;
import io.copyjobs.job.FileSpec;
import io.copyjobs.job.JobFile;
import io.copyjobs.job.ProxySettings;
import io.copyjobs.job.TransferOptions;
import io.copyjobs.metrics.TransferMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
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
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An HTTPS download through a real forward proxy's {@code CONNECT} tunnel (Jetty's ConnectHandler),
 * with Basic proxy credentials on the CONNECT (the JDK drops Basic there unless
 * {@code jdk.http.auth.tunneling.disabledSchemes} lets it, as Main and the build set it), to an
 * origin whose certificate a CA made in the test issued; and a job's list of proxies there, where a
 * proxy that cannot be reached or refuses the tunnel with a 5xx gives way to the next.
 */
class ProxyTunnelTest {
    final byte[] content = Downloads.randomBytes(30_000, 22);
    @RegisterExtension
    final ForwardProxy proxy = ForwardProxy.on("127.0.0.1").requireBasic(ProxyDownloadTest.USER, ProxyDownloadTest.PASSWORD);
    final List<Map<String, List<String>>> received = new CopyOnWriteArrayList<>();
    HttpsServer origin;
    /** Made once: keytool takes seconds. */
    static TestCa ca;
    @TempDir
    static Path dir;
    @TempDir
    Path jobDir;

    @BeforeAll
    static void makeCa() throws Exception {
        ca = TestCa.in(dir);
    }

    @BeforeEach
    void start() throws Exception {
        origin = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.setHttpsConfigurator(new HttpsConfigurator(ca.serverContext()));
        origin.createContext("/file", exchange -> {
            received.add(Map.copyOf(exchange.getRequestHeaders()));
            exchange.sendResponseHeaders(200, content.length);
            exchange.getResponseBody().write(content);
            exchange.close();
        });
        origin.start();
    }

    @AfterEach
    void stop() {
        origin.stop(0);
    }

    FileDownloader downloader() throws Exception {
        X509Certificate cert;
        try (var in = Files.newInputStream(ca.caPem())) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        DownloadSettings base = Downloads.settings();
        DownloadSettings settings = new DownloadSettings(base.maxFileBytes(), base.deny(), base.connectTimeout(),
                base.stallTimeout(), base.progressInterval(), base.progressBytes(),
                new TrustBundle(ca.caPem(), false, List.of(cert)), base.proxy());
        return new FileDownloader(FileDownloader.newHttpClient(settings), settings,
                new TransferMeters(new SimpleMeterRegistry()), Downloads.SECRETS, 0);
    }

    DownloadResult fetch(String password) throws Exception {
        return fetch(downloader(), "f.bin", password, proxy.url());
    }

    /** Downloads the origin's file into {@code localName} through {@code proxies}, a job's list. */
    DownloadResult fetch(FileDownloader downloader, String localName, String password, String... proxies) {
        URI url = URI.create("https://127.0.0.1:" + origin.getAddress().getPort() + "/file");
        TransferOptions options = ProxyDownloadTest.options(new ProxySettings(ProxySettings.Usage.OVERRIDE,
                List.of(proxies), List.of()), password);
        return Downloads.download(downloader, FileTask.of("job", jobDir, 0,
                JobFile.added(new FileSpec(url.toString(), localName, null)), options));
    }

    @Test
    void an_https_origin_is_reached_through_connect_with_the_proxy_credentials() throws Exception {
        assertThat(fetch(ProxyDownloadTest.PASSWORD)).isInstanceOf(DownloadResult.Completed.class);
        assertThat(Files.readAllBytes(jobDir.resolve("f.bin.part"))).isEqualTo(content);
        assertThat(proxy.seen()).singleElement().satisfies(seen -> {
            assertThat(seen.method()).isEqualTo("CONNECT");
            assertThat(seen.target()).contains("127.0.0.1:" + origin.getAddress().getPort());
            assertThat(seen.authorization()).isEqualTo(ForwardProxy.basic(ProxyDownloadTest.USER, ProxyDownloadTest.PASSWORD));
        });
        // the credentials are for the proxy: none of them inside the tunnel
        assertThat(received).singleElement().satisfies(h -> assertThat(h).doesNotContainKey("Proxy-authorization"));
    }

    @Test
    void a_connect_without_credentials_is_a_fatal_407() throws Exception {
        DownloadResult.Failed failed = (DownloadResult.Failed) fetch(null);
        assertThat(failed.transientError()).isFalse();
        assertThat(failed.error().code()).isEqualTo("BG_E_HTTP_ERROR_407");
        assertThat(failed.error().description()).contains("no proxy credentials were sent");
        assertThat(received).isEmpty();
    }

    @Test
    void a_proxy_that_cannot_be_reached_gives_way_to_the_next_for_connect_too() throws Exception {
        assertThat(fetch(downloader(), "f.bin", ProxyDownloadTest.PASSWORD, ForwardProxy.closedUrl(), proxy.url()))
                .isInstanceOf(DownloadResult.Completed.class);
        assertThat(Files.readAllBytes(jobDir.resolve("f.bin.part"))).isEqualTo(content);
        assertThat(proxy.seen()).singleElement().satisfies(seen -> assertThat(seen.method()).isEqualTo("CONNECT"));
    }

    @Test
    void a_connect_refused_with_503_gives_way_to_the_next_proxy_which_the_next_request_tries_first() throws Exception {
        ForwardProxy busy = ForwardProxy.on("127.0.0.1").refuseWith(503);
        try {
            FileDownloader downloader = downloader();
            assertThat(fetch(downloader, "f.bin", ProxyDownloadTest.PASSWORD, busy.url(), proxy.url()))
                    .isInstanceOf(DownloadResult.Completed.class);
            assertThat(busy.seen()).singleElement().satisfies(seen -> assertThat(seen.method()).isEqualTo("CONNECT"));
            assertThat(proxy.seen()).hasSize(1);

            assertThat(fetch(downloader, "g.bin", ProxyDownloadTest.PASSWORD, busy.url(), proxy.url()))
                    .isInstanceOf(DownloadResult.Completed.class);
            assertThat(Files.readAllBytes(jobDir.resolve("g.bin.part"))).isEqualTo(content);
            assertThat(busy.seen()).as("the proxy that refused is not asked first again").hasSize(1);
            assertThat(received).hasSize(2);
        } finally {
            busy.afterEach(null);
        }
    }

    @Test
    void a_connect_refused_with_403_is_no_failover() throws Exception {
        ForwardProxy forbidding = ForwardProxy.on("127.0.0.1").refuseWith(403);
        try {
            DownloadResult.Failed failed = (DownloadResult.Failed) fetch(downloader(), "f.bin", ProxyDownloadTest.PASSWORD,
                    forbidding.url(), proxy.url());
            assertThat(failed.transientError()).isTrue();
            assertThat(failed.error().description()).contains("through the proxy " + forbidding.url()).contains("403");
            assertThat(proxy.seen()).isEmpty();
        } finally {
            forbidding.afterEach(null);
        }
    }
}
