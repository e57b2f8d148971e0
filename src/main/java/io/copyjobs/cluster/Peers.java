package io.copyjobs.cluster;

import org.apache.kafka.common.utils.ThreadUtils;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Requests to other copyjobs nodes: one shared asynchronous HTTP client with short timeouts, so
 * that a dead node costs a lookup a refused connection or a fraction of a second, never a thread.
 * The caller's own credentials go along; the receiving node authenticates and authorizes again.
 *
 * <p>Jetty's client rather than the JDK's: the nodes already run Jetty, and the JDK client's single
 * selector thread and per-request futures capped a forwarded read at a fifth of a local one
 * ({@code bench/run.sh forward}).
 */
public final class Peers implements AutoCloseable {
    /**
     * Marks a request as forwarded, so that the receiving node answers itself and never forwards
     * again; its value is a {@link NodeProof}, as nodes accept it from each other only.
     */
    public static final String FORWARDED = "Copyjobs-Forwarded-By";
    /** Headers of a peer's answer that the client must see as well. */
    private static final List<String> RELAYED = List.of("Content-Type", "ETag", "Location", "Retry-After", "WWW-Authenticate",
            "Copyjobs-Stale", "Copyjobs-Lag", "Idempotent-Replayed");
    /** Headers of a file's bytes relayed from the node that holds them (Retry-After: a holder busy checking its copy). */
    private static final List<String> RELAYED_CONTENT = List.of("Content-Type", "Content-Length", "Content-Range",
            "Accept-Ranges", "ETag", "Retry-After");
    /** A peer's JSON answer is a job or a page of jobs; anything larger is not one. */
    private static final int MAX_ANSWER = 16 * 1024 * 1024;

    private final HttpClient client;
    /**
     * Hands a streamed answer on: whoever receives it reads the whole body, which must not happen
     * on the client's own thread, the one that delivers that body.
     */
    private final ExecutorService relays =
            Executors.newCachedThreadPool(ThreadUtils.createThreadFactory("copyjobs-relay-%d", true));
    private final String scheme;
    private final HostInfo self;
    private final Duration timeout;
    private final NodeProof proof;

    public Peers(String scheme, HostInfo self, Duration connectTimeout, Duration timeout, NodeProof proof) {
        QueuedThreadPool threads = new QueuedThreadPool(32, 2);
        threads.setName("copyjobs-peers");
        threads.setDaemon(true);
        this.client = new HttpClient();
        client.setExecutor(threads);
        client.setConnectTimeout(connectTimeout.toMillis());
        // Every forwarded read of a busy node goes to a handful of peers: as many connections to
        // each as there are requests in flight, rather than queueing behind a few.
        client.setMaxConnectionsPerDestination(256);
        client.setFollowRedirects(false);
        client.setUserAgentField(null);
        // Bytes pass through as the peer sent them, with its Content-Length; nothing to decode.
        client.getContentDecoderFactories().clear();
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client for peers", e);
        }
        this.scheme = scheme;
        this.self = self;
        this.timeout = timeout;
        this.proof = proof;
    }

    /** How this node tells a forward of another node from a client's request. */
    public NodeProof proof() {
        return proof;
    }

    /** A peer's answer, to relay as is. */
    public record Relayed(int status, Map<String, String> headers, byte[] body) {
    }

    /** A peer's answer whose body is read as it comes: a file's bytes. */
    public record Streamed(int status, Map<String, String> headers, InputStream body) {
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
        Request request = request(host, pathAndQuery, headers).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return new CompletableResponseListener(request, MAX_ANSWER).send().handle((response, error) -> {
            if (error != null) {
                throw new CompletionException(new Unreachable(host, unwrap(error)));
            }
            return new Relayed(response.getStatus(), pick(response.getHeaders(), RELAYED), response.getContent());
        });
    }

    /**
     * POST a small JSON {@code body} to {@code path} of {@code host}, proved as from this node; the
     * answer's status (a content seed request expects 202). Fails with {@link Unreachable}.
     */
    public CompletableFuture<Integer> post(HostInfo host, String path, byte[] body) {
        Request request = request(host, path, Map.of(), "POST", body).body(new BytesRequestContent("application/json", body))
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return new CompletableResponseListener(request, MAX_ANSWER).send().handle((response, error) -> {
            if (error != null) {
                throw new CompletionException(new Unreachable(host, unwrap(error)));
            }
            return response.getStatus();
        });
    }

    /**
     * GET {@code pathAndQuery} from {@code host} as a stream, for bodies too large to hold (a
     * file's bytes); the timeout covers the answer's start and each pause in the body, not the
     * whole body.
     */
    public CompletableFuture<Streamed> stream(HostInfo host, String pathAndQuery, Map<String, String> headers) {
        CompletableFuture<Streamed> started = new CompletableFuture<>();
        Request request = request(host, pathAndQuery, headers).idleTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        InputStreamResponseListener listener = new InputStreamResponseListener() {
            @Override
            public void onHeaders(Response response) {
                super.onHeaders(response);
                Streamed streamed = new Streamed(response.getStatus(), pick(response.getHeaders(), RELAYED_CONTENT),
                        getInputStream());
                started.completeAsync(() -> streamed, relays);
            }

            @Override
            public void onFailure(Response response, Throwable failure) {
                super.onFailure(response, failure);
                started.completeExceptionally(new Unreachable(host, failure));
            }
        };
        request.send(listener);
        started.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((s, error) -> {
                    if (error != null) {
                        request.abort(error);
                    }
                });
        return started;
    }

    /** A GET to a peer, with the caller's headers, marked and proved as forwarded by this node. */
    private Request request(HostInfo host, String pathAndQuery, Map<String, String> headers) {
        return request(host, pathAndQuery, headers, "GET", new byte[0]);
    }

    private Request request(HostInfo host, String pathAndQuery, Map<String, String> headers, String method, byte[] body) {
        Request request = client.newRequest(scheme + "://" + host.host() + ":" + host.port() + pathAndQuery)
                .method(method);
        // Signed as sent: the path and query the peer will read, whatever the URI parser made of them.
        String sent = request.getPath() + (request.getQuery() == null ? "" : "?" + request.getQuery());
        String forwardedBy = proof.sign(self.host() + ":" + self.port(), request.getMethod(), sent,
                headers.get("Authorization"), body);
        return request.headers(h -> {
            headers.forEach(h::put);
            h.put(FORWARDED, forwardedBy);
        });
    }

    private static Map<String, String> pick(HttpFields fields, List<String> names) {
        Map<String, String> picked = new LinkedHashMap<>();
        for (String name : names) {
            HttpField field = fields.getField(name);
            if (field != null) {
                picked.put(name, field.getValue());
            }
        }
        return picked;
    }

    /** The host and port of a node named {@code host:port}. */
    public static HostInfo host(String name) {
        int colon = name.lastIndexOf(':');
        return new HostInfo(name.substring(0, colon), Integer.parseInt(name.substring(colon + 1)));
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /**
     * True for a failure that means "try another copy": refused, timed out, reset — every failure
     * of {@link #get} is one, wrapped as {@link Unreachable}.
     */
    static boolean isUnreachable(Throwable e) {
        return unwrap(e) instanceof Unreachable;
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the HTTP client for peers", e);
        } finally {
            relays.shutdownNow();
        }
    }
}
