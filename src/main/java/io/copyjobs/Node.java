package io.copyjobs;

import io.copyjobs.cluster.Peers;
import io.copyjobs.cluster.Placement;
import io.copyjobs.config.Config;
import io.copyjobs.metrics.Metrics;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

import java.io.IOException;
import java.util.concurrent.Future;

/**
 * One copyjobs node, built once from a {@link Config} out of its assemblies, started in this order
 * and stopped in the reverse one: {@link KafkaAssembly} (the embedded broker when no bootstrap
 * servers are configured, the topics, the command bus and outcome reader), {@link NodeKeys}, the
 * peer client, {@link TransferAssembly} (with the content cache), {@link StreamsAssembly} (the two
 * steps) and {@link HttpAssembly}.
 */
public final class Node implements AutoCloseable {
    private final Config config;
    private final Closer resources = new Closer();
    private volatile KafkaAssembly kafka;
    private volatile StreamsAssembly streams;
    private volatile HttpAssembly http;

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
        Future<?> preloaded = Preload.start(resources);
        Metrics metrics = resources.push(new Metrics());
        kafka = resources.push(KafkaAssembly.start(config.kafka(), config.topics(), config.dataDir(), metrics));
        NodeKeys keys = resources.push(NodeKeys.find(config.auth(), config.dataDir(), kafka));
        HostInfo self = new HostInfo(config.http().advertisedUrl().getHost(), config.http().advertisedPort());
        // Made before the transfers, which fetch contents from peers, and closed after them.
        Peers peers = resources.push(new Peers(config.http().advertisedUrl().getScheme(), self,
                HttpAssembly.PEER_CONNECT_TIMEOUT, HttpAssembly.PEER_TIMEOUT, keys.proof()));
        TransferAssembly transfer = resources.push(TransferAssembly.start(config.transfer(), config.content(), kafka, peers,
                Placement.name(self), metrics.transfers(), keys.secrets()));
        Preload.await(preloaded);
        streams = resources.push(StreamsAssembly.start(config.steps(), config.dataDir(), kafka, transfer.watcher(), self,
                metrics));
        transfer.fleet().bind(streams.placement());
        http = resources.push(HttpAssembly.start(config.http(), config.transfer().filesDir(), keys, kafka, streams,
                metrics, this::ready, peers, transfer.routes(), transfer.held()));
    }

    /**
     * Ready: Streams has been RUNNING once and is not failing or stopping (a rebalance keeps the
     * node in service), and the outcome reader sits at the end of its topic.
     */
    public boolean ready() {
        return streams != null && streams.serving() && kafka.outcomes().positioned();
    }

    public int httpPort() {
        return http.server().port();
    }

    public Config config() {
        return config;
    }

    public KafkaStreams streams() {
        return streams.streams();
    }

    @Override
    public void close() {
        resources.close();
    }
}
