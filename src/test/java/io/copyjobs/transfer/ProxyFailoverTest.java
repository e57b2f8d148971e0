package io.copyjobs.transfer;

import io.copyjobs.config.NodeProxy;
import io.copyjobs.job.ProxyAddress;
import io.copyjobs.job.ProxySettings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job's proxy list: tried in order, the proxy that last answered first, parsed once per settings
 * value; and which failures give way to the next proxy.
 */
class ProxyFailoverTest {
    static final ProxySettings ABC = new ProxySettings(ProxySettings.Usage.OVERRIDE,
            List.of("a.example:3128", "http://b.example:3128", "c.example:8080"), List.of("*.intranet", "10.0.0.0/8"));

    static List<String> hosts(List<ProxyChoice> choices) {
        return choices.stream().map(c -> c.proxy().host()).toList();
    }

    @Test
    void proxies_are_tried_in_order_and_the_one_that_answered_goes_first_the_rest_in_order() {
        ProxyList list = new ProxyList(ABC);
        assertThat(hosts(list.choices("files.example"))).containsExactly("a.example", "b.example", "c.example");
        list.choices("files.example").get(2).answered();
        assertThat(hosts(list.choices("files.example"))).containsExactly("c.example", "a.example", "b.example");
        list.answered(ProxyAddress.parse("a.example:3128"));
        assertThat(hosts(list.choices("files.example"))).containsExactly("a.example", "b.example", "c.example");
    }

    @Test
    void a_bypassed_host_or_an_empty_list_goes_direct() {
        ProxyList list = new ProxyList(ABC);
        assertThat(list.choices("build.intranet")).isEmpty();
        assertThat(list.choices("10.1.2.3")).isEmpty();
        assertThat(new ProxyList(new ProxySettings(ProxySettings.Usage.OVERRIDE, List.of(), List.of())).choices("x"))
                .isEmpty();
    }

    @Test
    void a_settings_value_is_parsed_once_and_its_choices_come_from_that_one_list() {
        ProxyLists lists = new ProxyLists();
        ProxyList first = lists.of(ABC);
        ProxySettings equal = new ProxySettings(ABC.usage(), List.copyOf(ABC.proxies()), List.copyOf(ABC.bypass()));
        assertThat(lists.of(equal)).isSameAs(first);
        assertThat(ProxyChoice.of(URI.create("http://files.example/f"), equal, NodeProxy.NONE,
                NoProxyList.EMPTY, lists)).allSatisfy(c -> assertThat(c.list()).isSameAs(first));
        assertThat(lists.of(new ProxySettings(ProxySettings.Usage.OVERRIDE, List.of("d.example:1"), List.of())))
                .isNotSameAs(first);
        assertThat(lists.size()).isEqualTo(2);
    }

    @Test
    void at_most_max_lists_are_kept() {
        ProxyLists lists = new ProxyLists();
        for (int i = 0; i <= ProxyLists.MAX_LISTS; i++) {
            lists.of(new ProxySettings(ProxySettings.Usage.OVERRIDE, List.of("p" + i + ".example:3128"), List.of()));
        }
        assertThat(lists.size()).isEqualTo(ProxyLists.MAX_LISTS);
    }

    @Test
    void no_connection_to_the_proxy_or_a_tunnel_refused_with_a_5xx_gives_way_to_the_next_proxy() {
        assertThat(ProxyFailover.nextProxy(new ConnectException())).isTrue();
        assertThat(ProxyFailover.nextProxy(new CompletionException(new IOException("x", new ConnectException())))).isTrue();
        assertThat(ProxyFailover.nextProxy(new HttpConnectTimeoutException("HTTP connect timed out"))).isTrue();
        assertThat(ProxyFailover.nextProxy(new IOException("Tunnel failed, got: 502"))).isTrue();
        assertThat(ProxyFailover.nextProxy(new IOException("Tunnel failed, got: 503"))).isTrue();
    }

    @Test
    void a_tunnel_refused_with_a_4xx_a_timeout_waiting_for_the_answer_or_a_dropped_connection_does_not() {
        assertThat(ProxyFailover.nextProxy(new IOException("Tunnel failed, got: 403"))).isFalse();
        assertThat(ProxyFailover.nextProxy(new HttpTimeoutException("request timed out"))).isFalse();
        assertThat(ProxyFailover.nextProxy(new IOException("HTTP/1.1 header parser received no bytes"))).isFalse();
        assertThat(ProxyFailover.nextProxy(new IOException((String) null))).isFalse();
    }
}
