package io.copyjobs.transfer;

import io.copyjobs.config.NodeProxy;
import io.copyjobs.job.ErrorContext;
import io.copyjobs.job.TransferOptions;
import io.copyjobs.secrets.SecretBox;

import java.net.ProxySelector;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;

/**
 * Sends a download's GET and follows redirects itself ({@code HttpClient} is built with
 * {@code Redirect.NEVER}), so that the deny list is checked, after DNS resolution, before the first
 * connection and before every hop; the client's own redirect handling would connect first.
 *
 * <p>Each hop goes direct or through a proxy ({@link ProxyChoice}; a job's proxies in order, the
 * next one taken when one fails, see {@link ProxyFailover}), on that route's client
 * ({@link ProxyRoutes}). Through a proxy, the proxy resolves the origin's name, not this node, so the
 * deny list would never see the origin's address: the origin's name is resolved and checked here
 * all the same (a name this node cannot resolve fails as it does direct), so that a proxy never
 * carries a job to a denied address this node could name. A job's own proxy (OVERRIDE) is checked
 * too: otherwise a job could name a service on the node's loopback or a metadata address as its
 * "proxy" and have requests written to it. The node's proxy ({@code COPYJOBS_HTTP_PROXY}) is not:
 * the operator chose it, and it often lives where the deny list points (a sidecar on loopback).
 */
final class Connector {
    static final int MAX_REDIRECTS = 10;
    static final long TICK_MILLIS = 100;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final ProxyRoutes routes;
    private final NodeProxy node;
    private final NoProxyList nodeBypass;
    private final AddressRules deny;
    private final Duration headersTimeout;
    private final SecretBox secrets;
    private final ProxyLists lists = new ProxyLists();

    Connector(ProxyRoutes routes, DownloadSettings settings, SecretBox secrets) {
        this.routes = routes;
        this.node = settings.proxy();
        this.nodeBypass = NoProxyList.of(node.noProxy());
        this.deny = settings.deny();
        this.headersTimeout = settings.connectTimeout();
        this.secrets = secrets;
    }

    /**
     * The first answer that is not a redirect, with {@code headers} sent on every hop and the job's
     * own ({@link HopHeaders}) on the hops to the file's origin. A 401 (or a proxy's 407) is fatal and
     * says whether credentials were sent.
     */
    HttpResponse<BodyChunks> open(URI url, Map<String, String> headers, TransferOptions options,
                                  BooleanSupplier cancelled, int fileIndex) throws TransferStop, InterruptedException {
        HopHeaders own = HopHeaders.of(url, options, secrets, fileIndex);
        URI current = url;
        for (int hop = 0; ; hop++) {
            checkReach(current.getHost(), fileIndex);
            Map<String, String> sent = new LinkedHashMap<>(own.forHop(current));
            sent.putAll(headers);
            List<ProxyChoice> proxies = ProxyChoice.of(current, options.proxy(), node, nodeBypass, lists);
            HttpResponse<BodyChunks> response = proxies.isEmpty()
                    ? sendDirect(current, sent, cancelled, fileIndex)
                    : throughProxies(current, proxies, sent, own.proxyAuthorization(), cancelled, fileIndex);
            int status = response.statusCode();
            if (status == 401) {
                response.body().close();
                throw Failures.unauthorized(current, own.authorizes(current), fileIndex);
            }
            if (!REDIRECTS.contains(status)) {
                return response;
            }
            response.body().close();
            if (hop == MAX_REDIRECTS) {
                throw Failures.badRedirect(status, "more than " + MAX_REDIRECTS + " redirects from "
                        + Failures.describe(url), fileIndex);
            }
            URI next = target(response, fileIndex);
            TlsFailures.checkRedirect(current, next, Boolean.TRUE.equals(options.allowSecureToNonSecureRedirect()), fileIndex);
            current = next;
        }
    }

    /**
     * Sends one hop's request through the first of {@code proxies} that carries it: one that failed
     * ({@link ProxyFailover}) gives way to the next, and when all failed the last one's error stands.
     * A 407 is fatal and says whether proxy credentials were sent; so is a job's proxy on the deny list
     * (the job asked for what the node forbids: it is refused, not skipped).
     */
    private HttpResponse<BodyChunks> throughProxies(URI hop, List<ProxyChoice> proxies, Map<String, String> headers,
                                                    Optional<String> login, BooleanSupplier cancelled, int fileIndex)
            throws TransferStop, InterruptedException {
        Map<String, String> sent = new LinkedHashMap<>(headers);
        login.ifPresent(value -> sent.put("Proxy-Authorization", value));
        TransferStop last = null;
        for (ProxyChoice proxy : proxies) {
            String name = "the proxy " + proxy.proxy();
            try {
                if (!proxy.fromNode()) {
                    refuseDenied(proxy.proxy().host(), fileIndex);
                }
                HttpResponse<BodyChunks> response = answer(sendAsync(routes.client(Optional.of(proxy.proxy()), login), hop,
                        sent, fileIndex), cancelled);
                proxy.answered();
                if (response.statusCode() == 407) {
                    // the JDK answers a CONNECT refused with 407 with a response of its own, without a body
                    Optional.ofNullable(response.body()).ifPresent(BodyChunks::close);
                    throw Failures.proxyUnauthorized(proxy.proxy().toString(), login.isPresent(), fileIndex);
                }
                return response;
            } catch (UnknownHostException e) {
                last = Failures.disconnected("cannot resolve " + name, fileIndex);
            } catch (ExecutionException e) {
                last = unanswered(e.getCause(), hop, " through " + name, fileIndex);
                if (!ProxyFailover.nextProxy(e.getCause())) {
                    throw last;
                }
            }
        }
        throw last;
    }

    private void checkReach(String host, int fileIndex) throws TransferStop {
        try {
            refuseDenied(host, fileIndex);
        } catch (UnknownHostException e) {
            throw Failures.disconnected("cannot resolve the host " + host, fileIndex);
        }
    }

    /** Refuses a host on the deny list; a name that does not resolve throws for the caller to judge. */
    private void refuseDenied(String host, int fileIndex) throws TransferStop, UnknownHostException {
        Optional<String> refusal = deny.refusal(host);
        if (refusal.isPresent()) {
            throw Failures.denied(refusal.get(), fileIndex);
        }
    }

    private HttpResponse<BodyChunks> sendDirect(URI uri, Map<String, String> headers, BooleanSupplier cancelled, int fileIndex)
            throws TransferStop, InterruptedException {
        try {
            return answer(sendAsync(routes.client(Optional.empty(), Optional.empty()), uri, headers, fileIndex), cancelled);
        } catch (ExecutionException e) {
            throw unanswered(e.getCause(), uri, "", fileIndex);
        }
    }

    /** Waits for an answer, looking at the cancel signal every tick; a request that failed throws why. */
    private static HttpResponse<BodyChunks> answer(CompletableFuture<HttpResponse<BodyChunks>> answer, BooleanSupplier cancelled)
            throws TransferStop, InterruptedException, ExecutionException {
        while (true) {
            if (cancelled.getAsBoolean()) {
                answer.thenAccept(late -> late.body().close());
                answer.cancel(true);
                throw TransferStop.cancelled();
            }
            try {
                return answer.get(TICK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // not answered yet: look at the cancel signal again
            }
        }
    }

    /** What a request that got no answer ends the download with; {@code route} says through which proxy, if any. */
    private static TransferStop unanswered(Throwable cause, URI uri, String route, int fileIndex) {
        return TlsFailures.certificate(cause, uri, fileIndex).orElseGet(() -> Failures.disconnected("cannot reach "
                + Failures.describe(uri) + route + " (" + Failures.reason(cause) + ")", fileIndex));
    }

    private CompletableFuture<HttpResponse<BodyChunks>> sendAsync(HttpClient client, URI uri, Map<String, String> headers,
                                                                  int fileIndex) throws TransferStop {
        // A request the client refuses to build: asking again will not help. Never its message: the JDK
        // quotes a refused header value, which may be the job's secret, and a refused URL with its query.
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(uri).GET().timeout(headersTimeout);
        } catch (IllegalArgumentException e) {
            throw refused(uri, "the URL", fileIndex);
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            try {
                request.header(header.getKey(), header.getValue());
            } catch (IllegalArgumentException e) {
                throw refused(uri, "the header " + header.getKey() + " (its value is not shown)", fileIndex);
            }
        }
        return client.sendAsync(request.build(), info -> new BodyChunks());
    }

    private static TransferStop refused(URI uri, String what, int fileIndex) {
        return Failures.invalid("cannot request " + Failures.describe(uri) + ": the HTTP client refuses " + what,
                ErrorContext.REMOTE_FILE, fileIndex);
    }

    /** Where a redirect points, resolved against the URL that answered it; only http and https. */
    private static URI target(HttpResponse<?> response, int fileIndex) throws TransferStop {
        int status = response.statusCode();
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> Failures.badRedirect(status, "a " + status + " redirect without Location", fileIndex));
        try {
            URI next = response.uri().resolve(location);
            if (usable(next)) {
                return next;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw Failures.badRedirect(status, "a " + status + " redirect to an unusable location", fileIndex);
    }

    /** True for an absolute http or https URL with a host and a real port: all a download requests. */
    static boolean usable(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getPort() <= 65535;
    }

    /** An HTTP client a node shares among all its downloads on one route: direct, or this proxy. */
    static HttpClient newClient(Duration connectTimeout, SSLContext tls, ProxySelector proxy) {
        return HttpClient.newBuilder()
                .proxy(proxy)
                .sslContext(tls)
                .followRedirects(HttpClient.Redirect.NEVER)
                // HTTP/1.1, one connection per download, as BITS does: HTTP/2 would multiplex large
                // downloads from one host over one connection and its flow-control window.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
    }
}
