package io.copyjobs.config;

import io.copyjobs.job.BypassEntry;
import io.copyjobs.job.ProxyAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** COPYJOBS_HTTP_PROXY and COPYJOBS_NO_PROXY: read once; every bad value stops the node at start-up, naming the setting. */
class NodeProxyTest {
    @Test
    void unset_is_no_proxy() {
        assertThat(Config.fromMap(Map.of()).transfer().proxy()).isEqualTo(NodeProxy.NONE);
    }

    @Test
    void a_proxy_and_a_no_proxy_list_are_read() {
        NodeProxy proxy = Config.fromMap(Map.of(NodeProxy.PROXY, "http://proxy.corp:3128",
                NodeProxy.NO_PROXY, "localhost, .corp,*.internal ,10.0.0.0/8,::1,<local>")).transfer().proxy();
        assertThat(proxy.proxy()).isEqualTo(new ProxyAddress("proxy.corp", 3128));
        assertThat(proxy.noProxy()).extracting(BypassEntry::kind).containsExactly(BypassEntry.Kind.DOMAIN,
                BypassEntry.Kind.DOMAIN, BypassEntry.Kind.DOMAIN, BypassEntry.Kind.ADDRESS, BypassEntry.Kind.ADDRESS,
                BypassEntry.Kind.LOCAL);
        assertThat(proxy.noProxy()).extracting(BypassEntry::value).startsWith("localhost", "corp", "internal");
        assertThat(Config.fromMap(Map.of(NodeProxy.PROXY, "proxy:8080")).transfer().proxy().proxy())
                .isEqualTo(new ProxyAddress("proxy", 8080));
        assertThat(Config.fromMap(Map.of(NodeProxy.NO_PROXY, "*")).transfer().proxy().noProxy())
                .isEqualTo(List.of(new BypassEntry(BypassEntry.Kind.ANY, "*")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "http://proxy                 | COPYJOBS_HTTP_PROXY: 'http://proxy' is not http://host:port",
            "socks5://proxy:1080          | COPYJOBS_HTTP_PROXY: 'socks5' proxies are not supported",
            "https://proxy:443            | COPYJOBS_HTTP_PROXY: 'https' proxies are not supported",
            "http://proxy:3128/path       | COPYJOBS_HTTP_PROXY: 'http://proxy:3128/path' may have no path",
            "http://proxy:99999           | COPYJOBS_HTTP_PROXY: 'http://proxy:99999' is not http://host:port"})
    void a_bad_proxy_is_a_start_up_error(String value, String message) {
        assertThatThrownBy(() -> Config.fromMap(Map.of(NodeProxy.PROXY, value)))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(message);
    }

    @Test
    void a_proxy_with_a_password_is_refused_without_quoting_it() {
        assertThatThrownBy(() -> Config.fromMap(Map.of(NodeProxy.PROXY, "http://ops:s3cret@proxy:3128")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("COPYJOBS_HTTP_PROXY: may not hold a user name or password")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "example.com;bad host   | COPYJOBS_NO_PROXY: 'example.com;bad host' is not",
            "10.0.0.0/40            | COPYJOBS_NO_PROXY: '10.0.0.0/40' has no prefix length",
            "300.1.1.1              | COPYJOBS_NO_PROXY: '300.1.1.1' is not a valid IP address",
            "*.*.com                | COPYJOBS_NO_PROXY: '*.*.com' is not"})
    void a_bad_no_proxy_entry_is_a_start_up_error(String value, String message) {
        assertThatThrownBy(() -> Config.fromMap(Map.of(NodeProxy.NO_PROXY, value)))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(message);
    }
}
