package io.copyjobs;

import io.copyjobs.auth.AuthSettings;
import io.copyjobs.auth.DevKeys;
import io.copyjobs.auth.JwtVerifier;
import io.copyjobs.cluster.EmbeddedKafka;
import io.copyjobs.cluster.JobCounts;
import io.copyjobs.cluster.NodeProof;
import io.copyjobs.cluster.Peers;
import io.copyjobs.cluster.Placement;
import io.copyjobs.cluster.Router;
import io.copyjobs.cluster.StandbyLags;
import io.copyjobs.cluster.StreamsJobLister;
import io.copyjobs.cluster.StreamsJobReader;
import io.copyjobs.config.Config;
import io.copyjobs.config.ConfigException;
import io.copyjobs.http.ClusterController;
import io.copyjobs.http.HealthController;
import io.copyjobs.http.HttpServer;
import io.copyjobs.http.JobRoutes;
import io.copyjobs.http.RouteGroup;
import io.copyjobs.metrics.Metrics;
import io.copyjobs.metrics.MetricsServer;
import io.copyjobs.service.JobService;
import io.copyjobs.streams.ActiveJobStores;
import io.copyjobs.streams.CopyJobsTopology;
import io.copyjobs.kafka.JobEventFeed;
import io.copyjobs.streams.JobWatcher;
import io.copyjobs.transfer.DownloadSettings;
import io.copyjobs.transfer.FileDownloader;
import io.copyjobs.transfer.FileJanitor;
import io.copyjobs.transfer.TransferEngine;
import io.copyjobs.kafka.KafkaCommandBus;
import io.copyjobs.kafka.OutcomeListener;
import io.copyjobs.streams.StreamsSettings;
import io.copyjobs.streams.TopicSetup;
import io.copyjobs.kafka.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.ThreadUtils;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Deque;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One copyjobs node: the embedded broker when no bootstrap servers are configured, the topics,
 * the Streams application with its two steps, the command bus and outcome reader, and the HTTP
 * server. Built once from a {@link Config}; {@link #close()} stops everything in reverse order.
 */
public final class Node implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);

    /** A peer that does not accept a connection this fast is treated as down; a standby answers. */
    static final Duration PEER_CONNECT_TIMEOUT = Duration.ofMillis(300);
    static final Duration PEER_TIMEOUT = Duration.ofMillis(1500);

    private final Config config;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private KafkaStreams streams;
    private OutcomeListener outcomes;
    private HttpServer http;
    private volatile boolean streamsRanOnce;
    private volatile Placement placement;

    private Node(Config config) {
        this.config = config;
    }

    /** Starts a node; on failure, whatever was started is stopped again. */
    public static Node start(Config config) throws IOException {
        Node node = new Node(config);
        try {
            node.startAll();
            return node;
        } catch (RuntimeException | IOException e) {
            node.close();
            throw e;
        }
    }

    private void startAll() throws IOException {
        // First of all: a second node on this directory must not write a byte into it.
        resources.push(DataDirLock.acquire(config.dataDir()));
        Ports.requireFree(Ports.of(config.kafka(), config.http()));
        // The transfer deny list is checked on the addresses a name resolves to, and the HTTP client
        // resolves again when it connects: a fixed cache time keeps the two answers the same
        // (a hardened JVM may cache nothing, which would let a rebinding name slip through).
        if (java.security.Security.getProperty("networkaddress.cache.ttl") == null
                || java.security.Security.getProperty("networkaddress.cache.ttl").equals("0")) {
            java.security.Security.setProperty("networkaddress.cache.ttl", "30");
        }
        Config.Kafka kafka = config.kafka();
        if (kafka.embedded()) {
            resources.push(EmbeddedKafka.start(config.dataDir(), kafka.embeddedPort(),
                    kafka.embeddedControllerPort(), java.util.Map.of()));
        }
        Properties client = kafka.clientProperties();
        Admin admin = Admin.create(client);
        resources.push(admin);
        Topics topics = new Topics(kafka.topicPrefix());
        int replication = TopicSetup.ensure(admin, topics, config.topics());
        Optional<byte[]> hs256Key = hs256Key(admin, client, topics);
        JwtVerifier verifier = hs256Key.isPresent() ? JwtVerifier.hs256(hs256Key.get(), AuthSettings.of(config.auth()))
                : JwtVerifier.jwks(config.auth().jwksUrl(), AuthSettings.of(config.auth()));
        NodeProof proof = NodeProof.from(nodeSecret(hs256Key), Clock.systemUTC());

        Metrics metrics = new Metrics();
        resources.push(metrics);
        outcomes = new OutcomeListener(kafka.clientProps(), kafka.bootstrap(), topics.outcomes);
        resources.push(outcomes);
        outcomes.start();
        KafkaCommandBus bus = new KafkaCommandBus(kafka.clientProps(), kafka.bootstrap(), topics, outcomes,
                metrics);
        resources.push(bus);

        int sessionTimeout = StreamsSettings.sessionTimeout(TopicSetup.minSessionTimeout(admin));
        LOG.info("group session timeout {} ms: a node that dies is noticed after this long", sessionTimeout);
        HostInfo self = new HostInfo(config.http().advertisedUrl().getHost(), config.http().advertisedPort());
        String selfName = Placement.name(self);
        TransferEngine engine = null;
        if (config.transfer().enabled()) {
            DownloadSettings downloads = DownloadSettings.from(config.transfer());
            engine = new TransferEngine(bus, new FileDownloader(FileDownloader.newHttpClient(downloads), downloads),
                    config.transfer().filesDir(), selfName, config.transfer().maxTransfers(), Clock.systemUTC());
            resources.push(engine);
        }
        ActiveJobStores activeJobs = new ActiveJobStores();
        streams = new KafkaStreams(CopyJobsTopology.build(topics, config.steps(),
                engine == null ? JobWatcher.NONE : engine, activeJobs),
                StreamsSettings.streamsConfig(kafka, self, config.dataDir(), topics, replication, sessionTimeout));
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                streamsRanOnce = true;
            }
            if (placement != null) {
                placement.forget();
            }
            LOG.debug("Kafka Streams {} -> {}", before, now);
        });
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("a stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        // Leaving the group on a clean stop hands this node's tasks over at once; without it the
        // group waits a whole session timeout for a member that is gone.
        metrics.bindStreams(streams);
        resources.push(() -> streams.close(CloseOptions.timeout(Duration.ofSeconds(10))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)));
        streams.start();
        if (engine != null) {
            FileJanitor janitor = new FileJanitor(kafka.clientProps(), kafka.bootstrap(),
                    kafka.applicationId() + "-files-" + selfName, topics.jobs, config.transfer().filesDir(), engine);
            resources.push(janitor);
            janitor.start();
        }

        // Separate threads for separate clocks: read retries must not wait behind a lag query that
        // asks the brokers, nor behind an event stream writing to a slow client.
        ScheduledExecutorService scheduler = daemons("copyjobs-scheduler", 1);
        ScheduledExecutorService lagTimer = daemons("copyjobs-lags", 1);
        ScheduledExecutorService sse = daemons("copyjobs-sse", 2);
        placement = new Placement(streams, self, topics, config.topics().partitions());
        StandbyLags lags = new StandbyLags(streams);
        lagTimer.scheduleWithFixedDelay(lags::refresh, 1, 1, TimeUnit.SECONDS);
        JobService jobs = new JobService(bus, new StreamsJobReader(streams, activeJobs, placement, lags),
                new StreamsJobLister(streams, placement, lags), config.http().commandTimeout(), Clock.systemUTC(), metrics);
        metrics.jobsByState(new JobCounts(streams, placement)::count);
        Peers peers = new Peers(config.http().advertisedUrl().getScheme(), self, PEER_CONNECT_TIMEOUT, PEER_TIMEOUT, proof);
        resources.push(peers);
        Router router = new Router(placement, peers, scheduler, Clock.systemUTC(), metrics);
        if (config.http().metricsPort() != null) {
            resources.push(new MetricsServer(config.http().metricsPort(), metrics));
        }
        JobEventFeed events = new JobEventFeed(kafka.clientProps(), kafka.bootstrap(), topics.jobEvents);
        resources.push(events);
        events.start();
        JobRoutes api = new JobRoutes(jobs, router, placement, metrics);
        // The job routes first: GetJob is the most frequent request.
        List<RouteGroup> routes = new ArrayList<>(List.of(api, api.events(events, sse),
                api.content(peers, config.transfer().filesDir()), new ClusterController(streams, placement, lags, router),
                new HealthController(this::ready)));
        if (config.http().metricsPort() == null) {
            routes.add(HttpServer.metricsRoute(metrics));
        }
        http = new HttpServer(config.http().port(), verifier, proof, metrics, routes).start();
        resources.push(http);
    }

    private ScheduledExecutorService daemons(String name, int threads) {
        ScheduledExecutorService pool = Executors.newScheduledThreadPool(threads,
                ThreadUtils.createThreadFactory(name + "-%d", true));
        resources.push(pool::shutdownNow);
        return pool;
    }

    /**
     * What nodes prove their forwards with: COPYJOBS_NODE_SECRET, else the HS256 key every node
     * shares already. With a JWKS URL the nodes share no secret, so one must be configured.
     */
    private byte[] nodeSecret(Optional<byte[]> hs256Key) {
        if (!config.auth().nodeSecret().isEmpty()) {
            return config.auth().nodeSecret().getBytes(StandardCharsets.UTF_8);
        }
        return hs256Key.orElseThrow(() -> new ConfigException("COPYJOBS_NODE_SECRET: required with "
                + "COPYJOBS_AUTH_JWKS_URL (at least 32 bytes, the same on every node): nodes prove with it that a "
                + "forwarded request comes from one of them"));
    }

    /** SPEC §4: the shared secret or the dev key of the embedded broker; empty for a JWKS URL. */
    private Optional<byte[]> hs256Key(Admin admin, Properties client, Topics topics) throws IOException {
        if (!config.auth().hs256Secret().isEmpty()) {
            return Optional.of(config.auth().hs256Secret().getBytes(StandardCharsets.UTF_8));
        }
        if (!config.auth().jwksUrl().isEmpty()) {
            return Optional.empty();
        }
        if (config.kafka().embedded()) {
            byte[] key = DevKeys.loadOrCreate(config.dataDir());
            // Joining nodes need the key on the broker; this node does not wait for it to get there.
            Thread publish = new Thread(() -> {
                try {
                    DevKeys.publish(admin, client, topics.devKey, key);
                } catch (RuntimeException e) {
                    LOG.error("cannot publish the dev key to {}: nodes joining this broker will not start", topics.devKey, e);
                }
            }, "copyjobs-dev-key");
            publish.setDaemon(true);
            publish.start();
            return Optional.of(key);
        }
        byte[] key = DevKeys.fetch(client, topics.devKey, Duration.ofSeconds(10)).orElseThrow(() ->
                new ConfigException("no COPYJOBS_AUTH_HS256_SECRET or COPYJOBS_AUTH_JWKS_URL is set, and the Kafka "
                        + "cluster at " + config.kafka().bootstrapServers() + " has no dev key (topic " + topics.devKey
                        + "): set one of them, or join a node that runs the embedded broker"));
        LOG.info("dev mode: using the dev key published on {}", topics.devKey);
        return Optional.of(key);
    }

    /**
     * Ready: Streams has been RUNNING once and is not failing or stopping (a rebalance keeps the
     * node in service), and the outcome reader sits at the end of its topic.
     */
    public boolean ready() {
        if (streams == null || outcomes == null || !streamsRanOnce || !outcomes.positioned()) {
            return false;
        }
        KafkaStreams.State s = streams.state();
        return s != KafkaStreams.State.ERROR && s != KafkaStreams.State.PENDING_ERROR
                && s != KafkaStreams.State.PENDING_SHUTDOWN && s != KafkaStreams.State.NOT_RUNNING;
    }

    public int httpPort() {
        return http.port();
    }

    public Config config() {
        return config;
    }

    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public void close() {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                LOG.warn("error while stopping: {}", e.toString());
            }
        }
    }
}
