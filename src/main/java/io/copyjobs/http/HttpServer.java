package io.copyjobs.http;

import io.copyjobs.auth.JwtVerifier;
import io.copyjobs.cluster.NodeProof;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.Rejection;
import io.copyjobs.metrics.Metrics;
import io.copyjobs.metrics.MetricsServer;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.Endpoint;
import org.eclipse.jetty.http.UriCompliance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * The node's HTTP server: the route groups it is given on Javalin, with the request id,
 * authentication and error hooks that make every answer either the resource or a problem+json.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    private static final Logger ACCESS = LoggerFactory.getLogger("io.copyjobs.http.access");
    private final Javalin app;
    private final List<RouteGroup> groups;

    /**
     * @param verifier checks the bearer token of every {@code /v1} request
     * @param proof    checks that a forwarded request comes from another node
     * @param metrics  times every request by its route template
     * @param groups   the routes, added in this order
     */
    public HttpServer(int port, JwtVerifier verifier, NodeProof proof, Metrics metrics, List<RouteGroup> groups) {
        this.groups = List.copyOf(groups);
        Authenticator auth = new Authenticator(verifier, proof);
        app = Javalin.create(cfg -> {
            serve(cfg, port);
            timeRequests(cfg, metrics);
            // One hook for every request, the API's authentication included: Javalin matches each
            // hook's path against every request, and a "/v1/*" hook of its own was 2 % of a
            // GetJob's CPU. So a path under /v1 that names no route asks for a token too.
            cfg.routes.before(ctx -> {
                Requests.assignId(ctx);
                RequestChecks.check(ctx);
                if (ctx.path().startsWith("/v1/")) {
                    auth.authenticate(ctx);
                }
            });
            this.groups.forEach(g -> g.addTo(cfg.routes));
            answerFailures(cfg);
        });
    }

    /** GET /metrics on the API's port, for a node without a separate metrics port. */
    public static RouteGroup metricsRoute(Metrics metrics) {
        return routes -> routes.get("/metrics", ctx -> ctx.contentType(MetricsServer.CONTENT_TYPE).result(metrics.scrape()));
    }

    private static void serve(JavalinConfig cfg, int port) {
        cfg.startup.showJavalinBanner = false;
        cfg.startup.showOldJavalinVersionWarning = false;
        cfg.http.maxRequestSize = Bodies.MAX_BYTES;
        cfg.http.prefer405over404 = true;
        cfg.jetty.port = port;
        cfg.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler()));
        // GUIDs come in Windows braces too (SPEC §1); RFC 3986 leaves '{' out of paths, so Jetty
        // refuses them unless told. RequestChecks still refuses every other character RFC 3986 lacks.
        cfg.jetty.modifyHttpConfiguration(http -> http.setUriCompliance(
                UriCompliance.DEFAULT.with("DEFAULT+braces", UriCompliance.Violation.ILLEGAL_PATH_CHARACTERS)));
    }

    private static void timeRequests(JavalinConfig cfg, Metrics metrics) {
        cfg.requestLogger.http((ctx, ms) -> {
            Endpoint matched = ctx.endpoints().lastHttpEndpoint();
            // Route templates only: raw paths would put job ids into the meter's tags.
            metrics.httpRequest(ctx.method().name(), matched == null ? "unmatched" : matched.path, ctx.statusCode(),
                    (long) (ms * 1_000_000));
            ACCESS.debug("{} {} {} {} ms {}", ctx.method(), ctx.path(), ctx.statusCode(), Math.round(ms),
                    Requests.id(ctx));
        });
    }

    private static void answerFailures(JavalinConfig cfg) {
        cfg.routes.exception(ProblemException.class, (e, ctx) -> Responses.problem(ctx, e.rejection(), e.status()));
        cfg.routes.exception(HttpResponseException.class, (e, ctx) -> {
            int status = e.getStatus();
            Responses.problem(ctx, Rejection.of(Problems.codeForStatus(status), "request: " + e.getMessage()), status);
        });
        cfg.routes.exception(Exception.class, HttpServer::unexpected);
    }

    /**
     * Any other failure: logged with its request, answered 500 E_UNEXPECTED. Never throws: when the
     * context is no longer a live request (Jetty has finished and recycled it, and every read of it
     * fails), there is nobody to answer, and a handler that throws makes Javalin handle that
     * exception in turn, and the next, without end.
     */
    static void unexpected(Exception e, Context ctx) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        try {
            if (cause instanceof ProblemException p) {
                Responses.problem(ctx, p.rejection(), p.status());
                return;
            }
            String request = ctx.method() + " " + ctx.path();
            LOG.error("request {} failed (request id {})", request, Requests.id(ctx), cause);
            Responses.problem(ctx, Rejection.of(ErrorCode.E_UNEXPECTED,
                    "an internal error occurred; it was logged with this request's id"));
        } catch (RuntimeException dead) {
            LOG.debug("a request that was over already failed: {} (answering it: {})", cause.toString(), dead.toString());
        }
    }

    public HttpServer start() {
        app.start();
        return this;
    }

    /** The port the server listens on (useful when started on port 0). */
    public int port() {
        return app.port();
    }

    /** Closes the groups first (event streams end while their requests can still be completed), then stops the server. */
    @Override
    public void close() {
        try {
            groups.forEach(RouteGroup::close);
        } finally {
            app.stop();
        }
    }
}
