package io.copyjobs.cluster;

import org.apache.kafka.streams.state.HostInfo;

import java.util.Set;

/**
 * Where keys live in the fleet, as the read path and the job routes need to know it. {@link Placement}
 * answers from Kafka Streams' metadata; the seam lets the read path's fallback order and the HTTP
 * edge be tested without a group.
 */
public interface Locator {

    /** This node. */
    HostInfo self();

    /** Every node of the application, this one included. */
    Set<HostInfo> allHosts();

    Placement.Location ofJob(String jobId);

    Placement.Location ofOwner(String owner);

    /** How many partitions the job and owner topics have: an all-users list must cover each. */
    int partitionCount();

    /** True when this node serves {@code where} as its running active copy. */
    default boolean activeHere(Placement.Location where) {
        return where.known() && where.hosts().get(0).equals(self());
    }
}
