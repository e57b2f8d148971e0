package io.copyjobs.streams;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Warns, once at start-up, when the cluster runs transactions v2 ({@code transaction.version} 2,
 * Kafka 4's default) with replicated topics. There, after a broker is lost, a partition's new
 * leader may have no state for a Streams producer and refuse its batches with
 * OutOfOrderSequenceException ("Expected sequence 0 for transactions v2 …") again on every retry
 * (KAFKA-18202): in {@code bench/run.sh failover-cluster} some jobs then took no write for minutes,
 * while a cluster formatted at {@code transaction.version=1} recovered. Asked without waiting,
 * because a node works either way; the operations guide says how to set the version.
 */
public final class TransactionVersionCheck {
    static final String FEATURE = "transaction.version";
    private static final Logger LOG = LoggerFactory.getLogger(TransactionVersionCheck.class);

    private TransactionVersionCheck() {
    }

    /** Reads the cluster's finalized features in the background and logs the warning when it applies. */
    public static void warnIfAffected(Admin admin, int replicationFactor) {
        admin.describeFeatures().featureMetadata().toCompletionStage().whenComplete((features, e) -> {
            if (e != null) {
                LOG.debug("cannot read the cluster's features: {}", e.getMessage());
                return;
            }
            FinalizedVersionRange version = features.finalizedFeatures().get(FEATURE);
            warning(version == null ? 0 : version.maxVersionLevel(), replicationFactor).ifPresent(LOG::warn);
        });
    }

    /** The warning for a cluster at {@code level} whose copyjobs topics have {@code replicationFactor}; none when safe. */
    static Optional<String> warning(int level, int replicationFactor) {
        if (level < 2 || replicationFactor < 2) {
            return Optional.empty();
        }
        return Optional.of("the cluster runs transactions v2 (" + FEATURE + "=" + level + ") with replicated "
                + "topics: after a broker is lost, writes may stall on OutOfOrderSequenceException (KAFKA-18202); "
                + "format the brokers with --feature " + FEATURE + "=1 (docs/operations.md, \"Transactions v2\")");
    }
}
