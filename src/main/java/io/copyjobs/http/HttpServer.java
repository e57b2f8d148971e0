package io.copyjobs.http;

import io.copyjobs.auth.JwtVerifier;
import io.copyjobs.cluster.JobReads;
import io.copyjobs.cluster.Peers;
import io.copyjobs.cluster.Placement;
import io.copyjobs.cluster.StandbyLags;
import io.copyjobs.kafka.JobEventFeed;
import org.apache.kafka.streams.KafkaStreams;

import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import io.copyjobs.cluster.Router;
import io.copyjobs.job.Command;
import io.copyjobs.metrics.Metrics;
import io.copyjobs.metrics.MetricsServer;
import io.javalin.router.Endpoint;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.Rejection;
import io.copyjobs.service.JobService;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.http.UriCompliance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;

/**
 * The node's HTTP server: the routes of SPEC §5 on Javalin, with the request id, authentication
 * and error hooks that make every answer either the resource or a problem+json.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    private static final Logger ACCESS = LoggerFactory.getLogger("io.copyjobs.http.access");
    private final Javalin app;
    private final EventsController events;

    /** Everything the routes need, built once by the node. */
    public record Parts(JwtVerifier verifier, JobService jobs, Router router, Placement placement, Peers peers,
                        KafkaStreams streams, StandbyLags lags, JobEventFeed events, Path filesDir,
                        ScheduledExecutorService scheduler, Metrics metrics, boolean serveMetrics, BooleanSupplier ready) {
    }

    public HttpServer(int port, Parts parts) {
        Metrics metrics = parts.metrics();
        Authenticator auth = new Authenticator(parts.verifier(), parts.peers().proof());
        JobController jobController = new JobController(parts.jobs(),
                new JobReads(parts.jobs(), parts.router(), parts.placement(), metrics), parts.router(), parts.placement());
        ClusterController clusterController = new ClusterController(parts.streams(), parts.placement(), parts.lags(),
                parts.router());
        events = new EventsController(jobController, parts.events(), parts.scheduler());
        metrics.openStreams(events::openStreams);
        FileContentController content = new FileContentController(jobController, parts.peers(), parts.placement(),
                parts.filesDir());
        HealthController health = new HealthController(parts.ready());
        boolean serveMetrics = parts.serveMetrics();
        app = Javalin.create(cfg -> {
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
            cfg.requestLogger.http((ctx, ms) -> {
                Endpoint matched = ctx.endpoints().lastHttpEndpoint();
                // Route templates only: raw paths would put job ids into the meter's tags.
                metrics.httpRequest(ctx.method().name(), matched == null ? "unmatched" : matched.path, ctx.statusCode(),
                        (long) (ms * 1_000_000));
                ACCESS.debug("{} {} {} {} ms {}", ctx.method(), ctx.path(), ctx.statusCode(), Math.round(ms),
                        Requests.id(ctx));
            });

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

            // Javalin tries a method's routes in the order given, each against a regular
            // expression: GetJob, the most frequent request, comes first.
            cfg.routes.get("/v1/jobs/{id}", jobController::get);
            cfg.routes.get("/health/live", health::live);
            cfg.routes.get("/health/ready", health::ready);
            if (serveMetrics) {
                cfg.routes.get("/metrics", ctx -> ctx.contentType(MetricsServer.CONTENT_TYPE).result(metrics.scrape()));
            }
            cfg.routes.post("/v1/jobs", jobController::create);
            cfg.routes.get("/v1/cluster", clusterController::cluster);
            cfg.routes.get("/v1/jobs", jobController::list);
            cfg.routes.patch("/v1/jobs/{id}", jobController::setProperties);
            cfg.routes.post("/v1/jobs/{id}/files", jobController::addFiles);
            cfg.routes.get("/v1/jobs/{id}/files/{n}/content", content::content);
            cfg.routes.get("/v1/jobs/{id}/events", events::events);
            cfg.routes.post("/v1/jobs/{id}/resume", jobController.bodiless(Command.Resume::new));
            cfg.routes.post("/v1/jobs/{id}/suspend", jobController.bodiless(Command.Suspend::new));
            cfg.routes.post("/v1/jobs/{id}/cancel", jobController.bodiless(Command.Cancel::new));
            cfg.routes.post("/v1/jobs/{id}/complete", jobController.bodiless(Command.Complete::new));
            cfg.routes.post("/v1/jobs/{id}/take-ownership", jobController.bodiless(Command.TakeOwnership::new));

            cfg.routes.exception(ProblemException.class, (e, ctx) -> Responses.problem(ctx, e.rejection(), e.status()));
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> {
                int status = e.getStatus();
                Responses.problem(ctx, Rejection.of(Problems.codeForStatus(status), "request: " + e.getMessage()), status);
            });
            cfg.routes.exception(Exception.class, HttpServer::unexpected);
        });
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

    /** Ends the event streams first, while their requests can still be completed, then stops the server. */
    @Override
    public void close() {
        events.close();
        app.stop();
    }
}
