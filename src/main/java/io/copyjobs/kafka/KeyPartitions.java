package io.copyjobs.kafka;

import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;

/**
 * Where Kafka's default partitioner puts a string key among {@code count} partitions: the
 * partition of an owner's records on {@code owner-commands} and of a job's on {@code commands}.
 * Known without the cluster's metadata, so that the owner step can mint a job id that lands in
 * its owner's partition, and a node can locate a key while the group rebalances.
 */
public record KeyPartitions(int count) {
    public KeyPartitions {
        if (count < 1) {
            throw new IllegalArgumentException("a topic has at least one partition, not " + count);
        }
    }

    /** The partition of {@code key}, as the producer's built-in partitioner computes it. */
    public int of(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % count;
    }
}
