package io.copyjobs.testing;

import io.copyjobs.cluster.Locator;
import io.copyjobs.cluster.Placement;
import org.apache.kafka.streams.state.HostInfo;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A fleet in which every key lives at {@code where} (the active host first, then the standbys):
 * the read path and the job routes without a Kafka Streams group behind them.
 *
 * @param self           this node
 * @param partitionCount the partitions an all-users list must cover
 */
public record FixedLocator(HostInfo self, Placement.Location where, int partitionCount) implements Locator {

    /** One partition, whose every key this node holds as active. */
    public static FixedLocator activeHere(HostInfo self) {
        return new FixedLocator(self, new Placement.Location(List.of(self), 0), 1);
    }

    /** One partition, held by {@code hosts}, the active first. */
    public static FixedLocator on(HostInfo self, HostInfo... hosts) {
        return new FixedLocator(self, new Placement.Location(List.of(hosts), 0), 1);
    }

    @Override
    public Set<HostInfo> allHosts() {
        Set<HostInfo> all = new HashSet<>(where.hosts());
        all.add(self);
        return all;
    }

    @Override
    public Placement.Location ofJob(String jobId) {
        return where;
    }

    @Override
    public Placement.Location ofOwner(String owner) {
        return where;
    }
}
