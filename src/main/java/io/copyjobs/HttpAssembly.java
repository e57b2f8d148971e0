package io.copyjobs;

import io.copyjobs.cluster.Peers;
import io.copyjobs.cluster.Placement;
import io.copyjobs.cluster.Router;
import io.copyjobs.config.Config;
import io.copyjobs.content.HeldContents;
import io.copyjobs.http.ClusterController;
import io.copyjobs.http.ConsoleRoutes;
import io.copyjobs.http.HealthController;
import io.copyjobs.http.HttpServer;
import io.copyjobs.http.JobRoutes;
import io.copyjobs.http.RouteGroup;
import io.copyjobs.kafka.JobEventFeed;
import io.copyjobs.metrics.Metrics;
import io.copyjobs.metrics.MetricsServer;
import io.copyjobs.service.JobService;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

/**
 * A node's HTTP side: the job service, the forwarding of requests to the node that holds a job,
 * the event feed of the SSE streams, the API server, and the metrics server on its own port when
 * one is set.
 */
record HttpAssembly(HttpServer server, Closer resources) implements AutoCloseable {
    /** A peer that does not accept a connection this fast is treated as down; a standby answers. */
    static final Duration PEER_CONNECT_TIMEOUT = Duration.ofMillis(300);
    static final Duration PEER_TIMEOUT = Duration.ofMillis(1500);

    /**
     * Starts serving {@code http}, files from {@code filesDir} (or from the contents the fleet
     * {@code held}), {@code ready} as readiness, and {@code more} routes (the node-to-node content
     * routes), with the node's one peer client.
     */
    static HttpAssembly start(Config.Http http, Path filesDir, NodeKeys keys, KafkaAssembly kafka,
                              StreamsAssembly streams, Metrics metrics, BooleanSupplier ready, Peers peers,
                              List<RouteGroup> more, HeldContents held) throws IOException {
        return Closer.starting(resources -> {
            Placement placement = streams.placement();
            // Threads of their own: read retries must not wait behind an event stream writing to a slow client.
            Router router = new Router(placement, peers, resources.daemons("copyjobs-scheduler", 1), Clock.systemUTC(),
                    metrics);
            ScheduledExecutorService sse = resources.daemons("copyjobs-sse", 2);
            JobEventFeed events = resources.push(new JobEventFeed(kafka.settings().clientProps(),
                    kafka.settings().bootstrap(), kafka.topics().jobEvents));
            events.start();
            if (http.metricsPort() != null) {
                resources.push(new MetricsServer(http.metricsPort(), metrics));
            }
            JobService service = new JobService(kafka.bus(), streams.reader(), streams.lister(), http.commandTimeout(),
                    Clock.systemUTC(), metrics);
            JobRoutes jobs = new JobRoutes(service, router, placement, metrics, keys.secrets());
            // The job routes first: GetJob is the most frequent request.
            List<RouteGroup> routes = new ArrayList<>(List.of(jobs, jobs.events(events, sse), jobs.content(peers, filesDir, held),
                    new ClusterController(streams.streams(), placement, streams.lags(), router), new HealthController(ready),
                    new ConsoleRoutes(http.grafanaUrl())));
            routes.addAll(more);
            if (http.metricsPort() == null) {
                routes.add(HttpServer.metricsRoute(metrics));
            }
            HttpServer server = new HttpServer(http.port(), keys.verifier(), keys.proof(), metrics, routes).start();
            return new HttpAssembly(resources.push(server), resources);
        });
    }

    @Override
    public void close() {
        resources.close();
    }
}
