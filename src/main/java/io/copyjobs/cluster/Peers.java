package io.copyjobs.cluster;

import org.apache.kafka.streams.state.HostInfo;

import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Requests to other copyjobs nodes: one shared asynchronous HTTP client with short timeouts, so
 * that a dead node costs a lookup a refused connection or a fraction of a second, never a thread.
 * The caller's own credentials go along; the receiving node authenticates and authorizes again.
 */
public final class Peers {
    /** Marks a request as forwarded, so that the receiving node answers itself and never forwards again. */
    public static final String FORWARDED = "Copyjobs-Forwarded-By";
    /** Asks the receiving node to answer from a standby replica if that is all it has. */
    public static final String READ = "Copyjobs-Read";
    /** Headers of a peer's answer that the client must see as well. */
    static final List<String> RELAYED = List.of("Content-Type", "ETag", "Location", "Retry-After", "WWW-Authenticate",
            "Copyjobs-Stale", "Copyjobs-Lag", "Idempotent-Replayed");

    private final HttpClient client;
    private final String scheme;
    private final HostInfo self;
    private final Duration timeout;

    public Peers(String scheme, HostInfo self, Duration connectTimeout, Duration timeout) {
        // HTTP/1.1 outright: the client's default (HTTP/2) tries an h2c upgrade on every new cleartext
        // connection, which a node's Jetty declines, at the cost of a round of headers each time.
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
        this.scheme = scheme;
        this.self = self;
        this.timeout = timeout;
    }

    /** A peer's answer, to relay as is. */
    public record Relayed(int status, Map<String, String> headers, byte[] body) {
    }

    /** The peer could not be reached or did not answer in time; another copy may answer instead. */
    public static final class Unreachable extends RuntimeException {
        Unreachable(HostInfo host, Throwable cause) {
            super(host.host() + ":" + host.port() + " did not answer: " + cause, cause, false, false);
        }
    }

    /**
     * GET {@code pathAndQuery} from {@code host} with the caller's headers.
     * Fails with {@link Unreachable} when the peer is down or too slow.
     */
    public CompletableFuture<Relayed> get(HostInfo host, String pathAndQuery, Map<String, String> headers) {
        return client.sendAsync(request(host, pathAndQuery, headers), HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, error) -> {
                    if (error != null) {
                        throw new CompletionException(new Unreachable(host, unwrap(error)));
                    }
                    Map<String, String> relayed = new LinkedHashMap<>();
                    RELAYED.forEach(h -> response.headers().firstValue(h).ifPresent(v -> relayed.put(h, v)));
                    return new Relayed(response.statusCode(), relayed, response.body());
                });
    }

    /**
     * GET {@code pathAndQuery} from {@code host} as a stream, for bodies too large to hold (a
     * file's bytes); the request timeout covers the answer's start, not the whole body.
     */
    public CompletableFuture<HttpResponse<InputStream>> stream(HostInfo host, String pathAndQuery,
                                                               Map<String, String> headers) {
        return client.sendAsync(request(host, pathAndQuery, headers), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** A GET to a peer, marked as forwarded by this node, with the caller's headers. */
    private HttpRequest request(HostInfo host, String pathAndQuery, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(scheme + "://" + host.host() + ":" + host.port()
                + pathAndQuery)).timeout(timeout).GET().header(FORWARDED, self.host() + ":" + self.port());
        headers.forEach(b::header);
        return b.build();
    }

    /** The host and port of a node named {@code host:port}. */
    public static HostInfo host(String name) {
        int colon = name.lastIndexOf(':');
        return new HostInfo(name.substring(0, colon), Integer.parseInt(name.substring(colon + 1)));
    }

    static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** True for a failure that means "try another copy": refused, timed out, reset. */
    public static boolean isUnreachable(Throwable e) {
        Throwable cause = unwrap(e);
        return cause instanceof Unreachable || cause instanceof ConnectException
                || cause instanceof HttpConnectTimeoutException || cause instanceof HttpTimeoutException;
    }
}
