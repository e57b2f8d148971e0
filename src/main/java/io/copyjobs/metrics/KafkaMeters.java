package io.copyjobs.metrics;

import io.micrometer.core.instrument.config.MeterFilter;

import java.util.Set;

/**
 * The Kafka client and Streams meters a node exports: the ones the fleet dashboard reads and an
 * operator needs to tell a healthy node from a sick one. Kafka's clients have thousands (every
 * RocksDB store, processor, topic and partition has its own); exported together they made a
 * scrape of a node that had been in a fleet 1.8 MB.
 */
final class KafkaMeters {
    private static final String PREFIX = "kafka.";

    /** Micrometer names ({@code kafka.<group without -metrics>.<name>}); Prometheus writes dots as underscores. */
    static final Set<String> EXPORTED = Set.of(
            // Streams, per node and per stream thread: are the threads alive, keeping up, committing?
            "kafka.stream.alive.stream.threads",
            "kafka.stream.failed.stream.threads",
            "kafka.stream.thread.process.rate",
            "kafka.stream.thread.process.total",
            "kafka.stream.thread.process.latency.avg",
            "kafka.stream.thread.process.latency.max",
            "kafka.stream.thread.commit.total",
            "kafka.stream.thread.commit.latency.avg",
            "kafka.stream.thread.commit.latency.max",
            "kafka.stream.thread.punctuate.latency.max",
            "kafka.stream.thread.blocked.time.ns.total",
            // Per task (one per partition and sub-topology): records dropped, and a failover's restore.
            "kafka.stream.task.dropped.records.total",
            "kafka.stream.task.restore.remaining.records.total",
            // Consumers: rebalances, and lag. Micrometer keeps only the most detailed series of a
            // name, so the lag is the per-partition one (partitions × input topics of this node).
            "kafka.consumer.coordinator.rebalance.total",
            "kafka.consumer.coordinator.failed.rebalance.total",
            "kafka.consumer.coordinator.rebalance.latency.max",
            "kafka.consumer.coordinator.last.rebalance.seconds.ago",
            "kafka.consumer.coordinator.assigned.partitions",
            "kafka.consumer.fetch.manager.records.lag.max",
            "kafka.consumer.connection.count",
            // Producers: sends, failures, retries and how long the brokers take.
            "kafka.producer.record.send.total",
            "kafka.producer.record.error.total",
            "kafka.producer.record.retry.total",
            "kafka.producer.request.latency.avg",
            "kafka.producer.request.latency.max",
            "kafka.producer.connection.count");

    private KafkaMeters() {
    }

    /** Denies every Kafka meter but {@link #EXPORTED}; leaves every other meter alone. */
    static MeterFilter filter() {
        return MeterFilter.denyUnless(id -> !id.getName().startsWith(PREFIX) || EXPORTED.contains(id.getName()));
    }
}
