package io.copyjobs.transfer;

import io.copyjobs.job.ProxyAddress;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The HTTP clients of a node's downloads: the direct one, and one per proxy route, made the first
 * time a route is used and kept (never one per request: a client holds a selector thread and a
 * connection pool). A route is a proxy and the credentials sent to it, not the proxy alone: the
 * JDK keeps a tunnel ({@code CONNECT}) open in its client's pool and reuses it for the next request
 * to that origin without asking the proxy again, so a job without the credentials, or with other
 * ones, must not share the client that opened it with another job's. The key holds a digest of the
 * {@code Proxy-Authorization} value, never the value. At most {@value #MAX_ROUTES} routes are kept,
 * the least recently used dropped first (the JDK frees a client nothing refers to).
 */
final class ProxyRoutes {
    static final int MAX_ROUTES = 32;

    private final HttpClient direct;
    private final Function<ProxySelector, HttpClient> newClient;
    private final Map<Key, HttpClient> clients = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, HttpClient> eldest) {
            return size() > MAX_ROUTES;
        }
    };

    /** @param newClient builds a client like {@code direct} (same TLS, timeouts) with this proxy selector */
    ProxyRoutes(HttpClient direct, Function<ProxySelector, HttpClient> newClient) {
        this.direct = direct;
        this.newClient = newClient;
    }

    /** The client for requests through {@code proxy} (none: direct) that carry this proxy authorization, if any. */
    HttpClient client(Optional<ProxyAddress> proxy, Optional<String> authorization) {
        if (proxy.isEmpty()) {
            return direct;
        }
        Key key = new Key(proxy.get(), authorization.map(a -> Sha256.hex(Sha256.digest(a))).orElse(""));
        synchronized (clients) {
            return clients.computeIfAbsent(key, k -> newClient.apply(ProxySelector.of(
                    InetSocketAddress.createUnresolved(k.proxy().bareHost(), k.proxy().port()))));
        }
    }

    /** How many proxy clients are kept, for the tests. */
    int size() {
        synchronized (clients) {
            return clients.size();
        }
    }

    private record Key(ProxyAddress proxy, String authorizationDigest) {
    }
}
