package io.copyjobs.cluster;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * How far this node's store replicas trail their changelogs, refreshed in the background:
 * {@link KafkaStreams#allLocalStorePartitionLags()} asks the brokers, which a request thread must
 * not wait on.
 */
public final class StandbyLags {
    private static final Logger LOG = LoggerFactory.getLogger(StandbyLags.class);
    private final KafkaStreams streams;
    private volatile Map<String, Map<Integer, LagInfo>> lags = Map.of();

    public StandbyLags(KafkaStreams streams) {
        this.streams = streams;
    }

    /** Called every second or so by the node's scheduler. */
    public void refresh() {
        try {
            lags = streams.allLocalStorePartitionLags();
        } catch (RuntimeException e) {
            LOG.debug("store lags not available: {}", e.toString());
        }
    }

    /** The offset lag of a local replica, or -1 when not known yet. */
    public long lag(String store, int partition) {
        LagInfo info = lags.getOrDefault(store, Map.of()).get(partition);
        return info == null ? -1 : info.offsetLag();
    }

    public Map<String, Map<Integer, LagInfo>> all() {
        return lags;
    }
}
