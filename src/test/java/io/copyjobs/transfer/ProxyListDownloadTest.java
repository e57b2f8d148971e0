package io.copyjobs.transfer;

import io.copyjobs.job.FileSpec;
import io.copyjobs.job.JobFile;
import io.copyjobs.job.ProxySettings;
import io.copyjobs.metrics.TransferMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plain-HTTP downloads through a job's list of real forward proxies (Jetty's), tried in order: a
 * proxy that cannot be reached (a closed port, a name that does not resolve) gives way to the next; an answer that came through a proxy (a 5xx
 * included, which may be the origin's) or a 407 does not.
 */
class ProxyListDownloadTest {
    final byte[] content = Downloads.randomBytes(40_000, 23);
    @RegisterExtension
    final FileServer origin = FileServer.on("127.0.0.1").serve(content, "\"l\"");
    @RegisterExtension
    final ForwardProxy second = ForwardProxy.on("127.0.0.1").requireBasic(ProxyDownloadTest.USER, ProxyDownloadTest.PASSWORD);
    @RegisterExtension
    final ForwardProxy first = ForwardProxy.on("127.0.0.1");
    @TempDir
    Path jobDir;
    final FileDownloader downloader = new FileDownloader(FileDownloader.newHttpClient(Downloads.settings()),
            Downloads.settings(), new TransferMeters(new SimpleMeterRegistry()), Downloads.SECRETS, 0);

    DownloadResult fetch(String password, String... proxies) {
        ProxySettings settings = new ProxySettings(ProxySettings.Usage.OVERRIDE, List.of(proxies), List.of());
        FileTask task = FileTask.of("job", jobDir, 0, JobFile.added(new FileSpec(origin.url("/file").toString(), "f.bin",
                null)), ProxyDownloadTest.options(settings, password));
        return Downloads.download(downloader, task);
    }

    @Test
    void a_proxy_that_cannot_be_reached_gives_way_to_the_next_one() throws Exception {
        assertThat(fetch(ProxyDownloadTest.PASSWORD, ForwardProxy.closedUrl(), second.url()))
                .isInstanceOf(DownloadResult.Completed.class);
        assertThat(Files.readAllBytes(jobDir.resolve("f.bin.part"))).isEqualTo(content);
        assertThat(second.seen()).singleElement().satisfies(seen -> {
            assertThat(seen.method()).isEqualTo("GET");
            assertThat(seen.target()).isEqualTo(origin.url("/file").toString());
            assertThat(seen.authorization()).isEqualTo(ForwardProxy.basic(ProxyDownloadTest.USER, ProxyDownloadTest.PASSWORD));
        });
        assertThat(origin.received()).singleElement()
                .satisfies(h -> assertThat(SecretHeadersTest.first(h, "Via")).contains(ForwardProxy.VIA));
    }

    @Test
    void a_proxy_whose_name_does_not_resolve_gives_way_to_the_next_one() {
        assertThat(fetch(ProxyDownloadTest.PASSWORD, "http://no-such-proxy.invalid:3128", second.url()))
                .isInstanceOf(DownloadResult.Completed.class);
        assertThat(second.seen()).hasSize(1);
    }

    @Test
    void when_no_proxy_can_be_reached_the_last_ones_error_stands_and_is_transient() {
        String dead = ForwardProxy.closedUrl();
        String last = ForwardProxy.closedUrl();
        DownloadResult.Failed failed = (DownloadResult.Failed) fetch(ProxyDownloadTest.PASSWORD, dead, last);
        assertThat(failed.transientError()).isTrue();
        assertThat(failed.error().code()).isEqualTo("BG_E_NETWORK_DISCONNECTED");
        assertThat(failed.error().description()).contains("through the proxy " + last).doesNotContain(dead);
        assertThat(origin.received()).isEmpty();
    }

    @Test
    void a_5xx_that_came_through_a_proxy_is_the_answer_not_a_failover() {
        first.refuseWith(503);
        DownloadResult.Failed failed = (DownloadResult.Failed) fetch(ProxyDownloadTest.PASSWORD, first.url(), second.url());
        assertThat(failed.transientError()).isTrue();
        assertThat(failed.error().code()).isEqualTo("BG_E_HTTP_ERROR_503");
        assertThat(first.seen()).hasSize(1);
        assertThat(second.seen()).isEmpty();
    }

    @Test
    void a_407_is_fatal_and_no_failover() {
        DownloadResult.Failed failed = (DownloadResult.Failed) fetch(null, second.url(), first.url());
        assertThat(failed.transientError()).isFalse();
        assertThat(failed.error().code()).isEqualTo("BG_E_HTTP_ERROR_407");
        assertThat(failed.error().description()).contains(second.url());
        assertThat(first.seen()).isEmpty();
        assertThat(origin.received()).isEmpty();
    }
}
