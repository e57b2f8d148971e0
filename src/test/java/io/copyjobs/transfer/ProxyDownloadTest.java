package io.copyjobs.transfer;

import io.copyjobs.config.Config;
import io.copyjobs.config.NodeProxy;
import io.copyjobs.job.BypassEntry;
import io.copyjobs.job.Credentials;
import io.copyjobs.job.FileSpec;
import io.copyjobs.job.JobFile;
import io.copyjobs.job.ProxyAddress;
import io.copyjobs.job.ProxySettings;
import io.copyjobs.job.Secret;
import io.copyjobs.job.TransferOptions;
import io.copyjobs.metrics.TransferMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Downloads through a real forward proxy (Jetty's, requiring Basic credentials): a job's own proxy
 * (OVERRIDE) with its credentials and bypass list, the node's proxy (PRECONFIG), NO_PROXY, a 407,
 * and the deny list on the origin's address and on a job's proxy.
 */
class ProxyDownloadTest {
    static final String USER = "carol";
    static final String PASSWORD = "proxy-pw-789";
    final byte[] content = Downloads.randomBytes(50_000, 21);
    @RegisterExtension
    final FileServer origin = FileServer.on("127.0.0.1").serve(content, "\"p\"");
    @RegisterExtension
    final ForwardProxy proxy = ForwardProxy.on("127.0.0.1").requireBasic(USER, PASSWORD);
    @TempDir
    Path jobDir;

    static TransferOptions options(ProxySettings settings, String password) {
        Credentials login = password == null ? null
                : new Credentials(Credentials.Scheme.BASIC, Secret.plain(USER), Secret.plain(password));
        return new TransferOptions(null, null, login, settings, null, null, null)
                .withSecrets(Downloads.SECRETS::seal).over(TransferOptions.NONE);
    }

    ProxySettings override(ForwardProxy through, String... bypass) {
        return new ProxySettings(ProxySettings.Usage.OVERRIDE, List.of(through.url()), List.of(bypass));
    }

    DownloadResult fetch(DownloadSettings settings, URI url, TransferOptions options) {
        FileDownloader downloader = new FileDownloader(FileDownloader.newHttpClient(settings), settings,
                new TransferMeters(new SimpleMeterRegistry()), Downloads.SECRETS, 0);
        FileTask task = FileTask.of("job", jobDir, 0, JobFile.added(new FileSpec(url.toString(), "f.bin", null)), options);
        return Downloads.download(downloader, task);
    }

    DownloadResult fetch(URI url, TransferOptions options) {
        return fetch(Downloads.settings(), url, options);
    }

    static DownloadSettings withNodeProxy(DownloadSettings base, NodeProxy node) {
        return new DownloadSettings(base.maxFileBytes(), base.deny(), base.connectTimeout(), base.stallTimeout(),
                base.progressInterval(), base.progressBytes(), base.trust(), node);
    }

    NodeProxy nodeProxy(String... noProxy) {
        return new NodeProxy(ProxyAddress.parse(proxy.url()), Arrays.stream(noProxy).map(BypassEntry::parse).toList());
    }

    void assertCameThroughTheProxy() {
        assertThat(proxy.seen()).singleElement().satisfies(seen -> {
            assertThat(seen.method()).isEqualTo("GET");
            assertThat(seen.target()).isEqualTo(origin.url("/file").toString());
            assertThat(seen.authorization()).isEqualTo(ForwardProxy.basic(USER, PASSWORD));
        });
        assertThat(origin.received()).singleElement().satisfies(h -> {
            assertThat(SecretHeadersTest.first(h, "Via")).contains(ForwardProxy.VIA);
            assertThat(h.toString()).doesNotContain(PASSWORD);
        });
    }

    void assertCameDirect() {
        assertThat(proxy.seen()).isEmpty();
        assertThat(origin.received()).singleElement().satisfies(h -> assertThat(h).doesNotContainKey("Via"));
    }

    @Test
    void a_job_proxy_with_credentials_carries_a_plain_http_download() {
        assertThat(fetch(origin.url("/file"), options(override(proxy), PASSWORD)))
                .isInstanceOf(DownloadResult.Completed.class);
        assertCameThroughTheProxy();
    }

    @Test
    void without_credentials_the_407_is_fatal_and_says_none_were_sent() {
        DownloadResult.Failed failed = (DownloadResult.Failed) fetch(origin.url("/file"), options(override(proxy), null));
        assertThat(failed.transientError()).isFalse();
        assertThat(failed.error().code()).isEqualTo("BG_E_HTTP_ERROR_407");
        assertThat(failed.error().description()).contains(proxy.url()).contains("no proxy credentials were sent");
        assertThat(origin.received()).isEmpty();
    }

    @Test
    void with_wrong_credentials_the_407_says_they_were_sent_and_not_what_they_were() {
        DownloadResult.Failed failed = (DownloadResult.Failed) fetch(origin.url("/file"),
                options(override(proxy), "wrong-pw"));
        assertThat(failed.error().code()).isEqualTo("BG_E_HTTP_ERROR_407");
        assertThat(failed.error().description()).contains("to the proxy credentials sent").doesNotContain("wrong-pw");
    }

    @Test
    void a_host_on_the_job_bypass_list_goes_direct() {
        assertThat(fetch(origin.url("/file"), options(override(proxy, "127.0.0.0/8"), PASSWORD)))
                .isInstanceOf(DownloadResult.Completed.class);
        assertCameDirect();
    }

    @Test
    void preconfig_takes_the_node_proxy_unless_no_proxy_lists_the_host() {
        DownloadSettings node = withNodeProxy(Downloads.settings(), nodeProxy("example.com"));
        assertThat(fetch(node, origin.url("/file"), options(null, PASSWORD))).isInstanceOf(DownloadResult.Completed.class);
        assertCameThroughTheProxy();

        DownloadSettings bypassed = withNodeProxy(Downloads.settings(), nodeProxy("example.com", "127.0.0.1"));
        assertThat(fetch(bypassed, origin.url("/file"), options(null, PASSWORD))).isInstanceOf(DownloadResult.Completed.class);
        assertThat(proxy.seen()).hasSize(1);
        assertThat(origin.received()).hasSize(2).last().satisfies(h -> assertThat(h).doesNotContainKey("Via"));
    }

    @Test
    void a_node_configured_with_copyjobs_http_proxy_sends_preconfig_jobs_through_it() {
        Config config = Config.fromMap(Map.of("COPYJOBS_HTTP_PROXY", proxy.url(), "COPYJOBS_NO_PROXY", "*.example",
                "COPYJOBS_TRANSFER_DENY", "none"));
        assertThat(fetch(DownloadSettings.from(config.transfer()), origin.url("/file"), options(null, PASSWORD)))
                .isInstanceOf(DownloadResult.Completed.class);
        assertCameThroughTheProxy();
    }

    @Test
    void no_proxy_goes_direct_even_with_a_node_proxy() {
        DownloadSettings node = withNodeProxy(Downloads.settings(), nodeProxy());
        ProxySettings direct = new ProxySettings(ProxySettings.Usage.NO_PROXY, null, null);
        assertThat(fetch(node, origin.url("/file"), options(direct, PASSWORD))).isInstanceOf(DownloadResult.Completed.class);
        assertCameDirect();
    }

    @Test
    void a_denied_origin_is_refused_through_the_proxy_before_the_proxy_is_asked() {
        DownloadSettings settings = Downloads.settings(AddressRules.parse(List.of("127.0.0.0/8")), 1L << 30);
        DownloadSettings node = withNodeProxy(settings, nodeProxy());
        DownloadResult.Failed failed = (DownloadResult.Failed) fetch(node, origin.url("/file"), options(null, PASSWORD));
        assertThat(failed.error().code()).isEqualTo("CJ_E_TRANSFER_DENIED");
        assertThat(failed.error().description()).contains("127.0.0.1");
        assertThat(proxy.seen()).isEmpty();
    }

    @Test
    void a_job_proxy_on_a_denied_address_is_refused_the_node_proxy_there_is_not() throws Exception {
        ForwardProxy local = ForwardProxy.on("127.0.0.5").requireBasic(USER, PASSWORD);
        try {
            DownloadSettings settings = Downloads.settings(AddressRules.parse(List.of("127.0.0.5")), 1L << 30);
            DownloadResult.Failed failed = (DownloadResult.Failed) fetch(settings, origin.url("/file"),
                    options(override(local), PASSWORD));
            assertThat(failed.error().code()).isEqualTo("CJ_E_TRANSFER_DENIED");
            assertThat(failed.error().description()).contains("127.0.0.5");
            assertThat(local.seen()).isEmpty();

            NodeProxy node = new NodeProxy(ProxyAddress.parse(local.url()), List.of());
            assertThat(fetch(withNodeProxy(settings, node), origin.url("/file"), options(null, PASSWORD)))
                    .isInstanceOf(DownloadResult.Completed.class);
            assertThat(local.seen()).hasSize(1);
        } finally {
            local.afterEach(null);
        }
    }
}
