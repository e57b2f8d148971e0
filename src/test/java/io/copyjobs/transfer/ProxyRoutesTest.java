package io.copyjobs.transfer;

import io.copyjobs.job.ProxyAddress;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** One HTTP client per proxy route (proxy and credentials), never per request, and only so many kept. */
class ProxyRoutesTest {
    final ProxyRoutes routes = new ProxyRoutes(Downloads.CLIENT,
            selector -> HttpClient.newBuilder().proxy(selector).build());
    final Optional<ProxyAddress> proxy = Optional.of(ProxyAddress.parse("http://proxy.example:3128"));

    @Test
    void direct_requests_take_the_node_client() {
        assertThat(routes.client(Optional.empty(), Optional.empty())).isSameAs(Downloads.CLIENT);
        assertThat(routes.size()).isZero();
    }

    @Test
    void one_route_one_client_and_other_credentials_another() {
        HttpClient first = routes.client(proxy, Optional.of("Basic YTpi"));
        assertThat(routes.client(proxy, Optional.of("Basic YTpi"))).isSameAs(first);
        assertThat(routes.client(proxy, Optional.of("Basic YzpK"))).isNotSameAs(first);
        assertThat(routes.client(proxy, Optional.empty())).isNotSameAs(first);
        assertThat(routes.size()).isEqualTo(3);
    }

    @Test
    void at_most_max_routes_are_kept() {
        for (int i = 0; i <= ProxyRoutes.MAX_ROUTES; i++) {
            routes.client(Optional.of(ProxyAddress.parse("proxy-" + i + ".example:3128")), Optional.empty());
        }
        assertThat(routes.size()).isEqualTo(ProxyRoutes.MAX_ROUTES);
    }
}
