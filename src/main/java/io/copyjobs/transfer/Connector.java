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
 * <p>Each hop goes direct or through a proxy ({@link ProxyChoice}), on that route's client
 * ({@link ProxyRoutes}). Through a proxy, the proxy resolves the origin's name, not this node, so
 * the deny list would never see the origin's address: the origin's name is resolved and checked here
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
            Optional<ProxyChoice> proxy = ProxyChoice.of(current, options.proxy(), node, nodeBypass);
            if (proxy.isPresent() && !proxy.get().fromNode()) {
                checkReach(proxy.get().proxy().host(), fileIndex);
            }
            Map<String, String> sent = new LinkedHashMap<>(own.forHop(current));
            sent.putAll(headers);
            Optional<String> proxyLogin = proxy.flatMap(p -> own.proxyAuthorization());
            proxyLogin.ifPresent(value -> sent.put("Proxy-Authorization", value));
            HttpClient client = routes.client(proxy.map(ProxyChoice::proxy), proxyLogin);
            HttpResponse<BodyChunks> response = send(client, current, proxy, sent, cancelled, fileIndex);
            int status = response.statusCode();
            if (status == 401 || status == 407 && proxy.isPresent()) {
                // the JDK answers a CONNECT refused with 407 with a response of its own, without a body
                Optional.ofNullable(response.body()).ifPresent(BodyChunks::close);
                throw status == 401 ? Failures.unauthorized(current, own.authorizes(current), fileIndex)
                        : Failures.proxyUnauthorized(proxy.get().proxy().toString(), proxyLogin.isPresent(), fileIndex);
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

    private void checkReach(String host, int fileIndex) throws TransferStop {
        try {
            Optional<String> refusal = deny.refusal(host);
            if (refusal.isPresent()) {
                throw Failures.denied(refusal.get(), fileIndex);
            }
        } catch (UnknownHostException e) {
            throw Failures.disconnected("cannot resolve the host " + host, fileIndex);
        }
    }

    private HttpResponse<BodyChunks> send(HttpClient client, URI uri, Optional<ProxyChoice> proxy,
                                          Map<String, String> headers, BooleanSupplier cancelled, int fileIndex)
            throws TransferStop, InterruptedException {
        CompletableFuture<HttpResponse<BodyChunks>> answer = sendAsync(client, uri, headers, fileIndex);
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
            } catch (ExecutionException e) {
                Optional<TransferStop> tls = TlsFailures.certificate(e.getCause(), uri, fileIndex);
                if (tls.isPresent()) {
                    throw tls.get();
                }
                throw Failures.disconnected("cannot reach " + Failures.describe(uri)
                        + proxy.map(p -> " through the proxy " + p.proxy()).orElse("") + " ("
                        + Failures.reason(e.getCause()) + ")", fileIndex);
            }
        }
    }

    private CompletableFuture<HttpResponse<BodyChunks>> sendAsync(HttpClient client, URI uri, Map<String, String> headers,
                                                                  int fileIndex) throws TransferStop {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(headersTimeout);
            headers.forEach(request::header);
            return client.sendAsync(request.build(), info -> new BodyChunks());
        } catch (IllegalArgumentException e) {
            // a request the client refuses to build: asking again will not help
            throw Failures.invalid("cannot request " + Failures.describe(uri) + " (" + e.getMessage() + ")",
                    ErrorContext.REMOTE_FILE, fileIndex);
        }
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
