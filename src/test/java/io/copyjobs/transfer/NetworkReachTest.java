package io.copyjobs.transfer;

import io.copyjobs.config.Config;
import io.copyjobs.job.ErrorContext;
import io.copyjobs.testing.LanAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Redirects and the deny list on real servers. Linux answers on all of 127/8, so a server on
 * 127.0.0.2 stands for an allowed host while the list denies 127.0.0.1 alone.
 */
class NetworkReachTest {
    private final byte[] content = Downloads.randomBytes(64 * 1024, 5);
    @RegisterExtension
    final FileServer allowed = FileServer.on("127.0.0.2").serve(content, "\"a\"");
    @RegisterExtension
    final FileServer loopback = FileServer.on("127.0.0.1").serve(content, "\"l\"");
    /** A server on every interface, as a service of the node's own would listen. */
    @RegisterExtension
    final FileServer everywhere = FileServer.on("0.0.0.0").serve(content, "\"e\"");

    @TempDir
    Path jobDir;

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void a_redirect_to_another_path_is_followed(int status) throws Exception {
        allowed.redirect("/old", status, "/file");

        DownloadResult result = download(Downloads.settings(), allowed.url("/old"));

        assertThat(result).isInstanceOf(DownloadResult.Completed.class);
        assertThat(Files.readAllBytes(Downloads.partOf(task(allowed.url("/old"))))).isEqualTo(content);
    }

    @Test
    void a_redirect_to_another_host_is_followed() {
        allowed.redirect("/elsewhere", 302, loopback.url("/file").toString());

        DownloadResult result = download(Downloads.settings(), allowed.url("/elsewhere"));

        assertThat(result).isInstanceOf(DownloadResult.Completed.class);
        assertThat(loopback.requests()).hasSize(1);
    }

    @Test
    void the_default_deny_list_refuses_loopback_before_connecting() {
        AddressRules defaults = AddressRules.parse(Config.fromMap(Map.of()).transfer().deny());

        DownloadResult result = download(Downloads.settings(defaults, 1L << 30), loopback.url("/file"));

        assertDenied(result, "127.0.0.1");
        assertThat(loopback.requests()).isEmpty();
    }

    @Test
    void the_default_deny_list_refuses_this_node_s_own_lan_address_and_without_self_lets_it_through() {
        InetAddress lan = LanAddress.find().orElse(null);
        assumeTrue(lan != null, "this machine has no non-loopback IPv4 address");
        URI own = URI.create("http://" + lan.getHostAddress() + ":" + everywhere.port() + "/file");
        AddressRules defaults = AddressRules.parse(Config.fromMap(Map.of()).transfer().deny());
        AddressRules withoutSelf = AddressRules.parse(Config.fromMap(Map.of("COPYJOBS_TRANSFER_DENY",
                Config.DEFAULT_TRANSFER_DENY.replace(",self,", ","))).transfer().deny());

        assertDenied(download(Downloads.settings(defaults, 1L << 30), own), lan.getHostAddress());
        assertThat(everywhere.requests()).isEmpty();

        assertThat(download(Downloads.settings(withoutSelf, 1L << 30), own)).isInstanceOf(DownloadResult.Completed.class);
        assertThat(everywhere.requests()).hasSize(1);
    }

    @Test
    void a_redirect_hop_to_a_denied_address_is_refused_before_connecting() {
        allowed.redirect("/bounce", 307, loopback.url("/file").toString());
        AddressRules onlyLoopbackOne = AddressRules.parse(List.of("127.0.0.1/32"));

        DownloadResult result = download(Downloads.settings(onlyLoopbackOne, 1L << 30), allowed.url("/bounce"));

        assertDenied(result, "127.0.0.1");
        assertThat(allowed.requests()).hasSize(1);
        assertThat(loopback.requests()).isEmpty();
    }

    @Test
    void a_denied_host_name_is_refused_whatever_it_resolves_to() {
        URI byName = URI.create("http://localhost:" + loopback.url("/file").getPort() + "/file");

        DownloadResult result = download(Downloads.settings(AddressRules.parse(List.of("localhost")), 1L << 30), byName);

        assertDenied(result, "localhost");
        assertThat(loopback.requests()).isEmpty();
    }

    @Test
    void a_redirect_loop_stops_with_a_fatal_error_after_ten_hops() {
        allowed.redirect("/loop", 302, "/loop");

        DownloadResult result = download(Downloads.settings(), allowed.url("/loop"));

        assertFatal(result, "BG_E_HTTP_ERROR_302", "more than 10 redirects");
        assertThat(allowed.requests()).hasSize(Connector.MAX_REDIRECTS + 1);
    }

    @Test
    void a_redirect_to_a_scheme_other_than_http_is_not_followed() {
        allowed.redirect("/ftp", 301, "ftp://127.0.0.2/file");

        DownloadResult result = download(Downloads.settings(), allowed.url("/ftp"));

        assertFatal(result, "BG_E_HTTP_ERROR_301", "unusable location");
    }

    private DownloadResult download(DownloadSettings settings, URI url) {
        return Downloads.download(Downloads.downloader(settings), task(url));
    }

    private FileTask task(URI url) {
        return Downloads.task(jobDir, url, Downloads.sha256(content));
    }

    private static void assertDenied(DownloadResult result, String host) {
        assertFatal(result, "CJ_E_TRANSFER_DENIED", host);
        assertThat(((DownloadResult.Failed) result).error().hresult()).isEqualTo("0xA0C10008");
    }

    private static void assertFatal(DownloadResult result, String code, String described) {
        assertThat(result).isInstanceOfSatisfying(DownloadResult.Failed.class, failed -> {
            assertThat(failed.transientError()).isFalse();
            assertThat(failed.error().code()).isEqualTo(code);
            assertThat(failed.error().context()).isEqualTo(ErrorContext.REMOTE_FILE);
            assertThat(failed.error().description()).contains(described);
        });
    }
}
