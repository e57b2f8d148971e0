package io.copyjobs;

import io.copyjobs.cluster.JobCounts;
import io.copyjobs.cluster.Placement;
import io.copyjobs.cluster.StandbyLags;
import io.copyjobs.cluster.StreamsJobLister;
import io.copyjobs.cluster.StreamsJobReader;
import io.copyjobs.config.Config;
import io.copyjobs.kafka.DepartedTransactions;
import io.copyjobs.kafka.Topics;
import io.copyjobs.metrics.Metrics;
import io.copyjobs.streams.ActiveJobStores;
import io.copyjobs.streams.CopyJobsTopology;
import io.copyjobs.streams.JobWatcher;
import io.copyjobs.streams.Stores;
import io.copyjobs.streams.StreamsSettings;
import io.copyjobs.streams.TopicSetup;
import io.copyjobs.streams.TwoStepState;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A node's Kafka Streams application: the topology of the two steps with its stores, which tells
 * {@code watcher} of the jobs it changes, and what finds the jobs in it: where each key lives and
 * how far the standby stores are behind.
 */
final class StreamsAssembly implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsAssembly.class);
    private final KafkaStreams streams;
    private final ActiveJobStores active = new ActiveJobStores();
    private final Placement placement;
    private final StandbyLags lags;
    private final DepartedTransactions departed;
    private final ScheduledExecutorService fencing;
    private final AtomicBoolean fencePending = new AtomicBoolean();
    private final Closer resources;
    private volatile boolean ranOnce;

    private StreamsAssembly(Config.Steps steps, Path dataDir, KafkaAssembly kafka, JobWatcher watcher, HostInfo self,
                            Closer resources) {
        this.streams = new KafkaStreams(CopyJobsTopology.build(kafka.topics(), kafka.partitions(), steps, watcher, active),
                StreamsSettings.streamsConfig(kafka.settings(), self, dataDir, kafka.topics(), kafka.replication(),
                        kafka.sessionTimeout()));
        this.placement = new Placement(streams, self, kafka.topics(), kafka.partitions());
        this.lags = new StandbyLags(streams);
        this.departed = new DepartedTransactions(kafka.admin(), kafka.settings().applicationId());
        // Made before the streams' close is pushed, so that it is shut down after the streams stopped.
        this.fencing = resources.daemons("copyjobs-fence", 1);
        this.resources = resources;
    }

    /** Starts the application as {@code self}, with its state under {@code dataDir}. */
    static StreamsAssembly start(Config.Steps steps, Path dataDir, KafkaAssembly kafka, JobWatcher watcher,
                                 HostInfo self, Metrics metrics) throws IOException {
        TwoStepState.clear(StreamsSettings.stateDir(dataDir).resolve(kafka.settings().applicationId()));
        return Closer.starting(resources -> {
            StreamsAssembly assembly = new StreamsAssembly(steps, dataDir, kafka, watcher, self, resources);
            KafkaStreams streams = assembly.streams;
            // Pushed as soon as it exists, so that a failure below closes its clients too. Leaving the
            // group on a clean stop hands this node's tasks over at once; without it the group waits
            // a whole session timeout for a member that is gone.
            resources.push(() -> streams.close(CloseOptions.timeout(Duration.ofSeconds(10))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)));
            streams.setStateListener(assembly::changed);
            streams.setUncaughtExceptionHandler(e -> {
                LOG.error("a stream thread failed; replacing it", e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            });
            metrics.bindStreams(streams);
            metrics.jobsByState(new JobCounts(streams, assembly.placement)::count);
            awaitChangelogs(kafka);
            streams.start();
            // A timer of its own: a lag query asks the brokers, and must not hold up read retries.
            resources.daemons("copyjobs-lags", 1).scheduleWithFixedDelay(assembly.lags::refresh, 1, 1, TimeUnit.SECONDS);
            return assembly;
        });
    }

    /**
     * The stores' changelogs were asked for with the node's topics, and a fresh broker may still be
     * making their partitions. Streams' first assignment reads their end offsets and, on partitions
     * not served yet, waits there, inside the rebalance, with a back-off that grows to a second:
     * measured on a fresh node, 3.5 s, past the 3 s session timeout, so the group dropped the member
     * and rebalanced a second time. Waited for here, after the rest of the start, the first
     * rebalance finds them served and is the only one.
     */
    private static void awaitChangelogs(KafkaAssembly kafka) {
        TopicSetup.awaitServed(kafka.admin(), Stores.changelogs(kafka.settings().applicationId()).stream()
                .map(Topics.Layout::name).toList(), kafka.partitions().count());
    }

    private void changed(KafkaStreams.State now, KafkaStreams.State before) {
        if (now == KafkaStreams.State.RUNNING) {
            ranOnce = true;
        }
        if (now == KafkaStreams.State.REBALANCING) {
            fenceDeparted(0);
        }
        placement.forget();
        LOG.debug("Kafka Streams {} -> {}", before, now);
    }

    /**
     * A rebalance is when a node that died has left the group: its open transaction is aborted now
     * rather than after the transaction timeout, and again each second while the group rebalances
     * (a member can expire during a rebalance, which Streams does not announce as a new one).
     */
    private void fenceDeparted(long delayMs) {
        if (fencePending.compareAndSet(false, true)) {
            fencing.schedule(() -> {
                fencePending.set(false);
                departed.fenceQuietly();
                if (streams.state() == KafkaStreams.State.REBALANCING) {
                    fenceDeparted(1_000);
                }
            }, delayMs, TimeUnit.MILLISECONDS);
        }
    }

    /** True once the application has been RUNNING and while it is not failing or stopping (a rebalance keeps it in service). */
    boolean serving() {
        KafkaStreams.State s = streams.state();
        return ranOnce && s != KafkaStreams.State.ERROR && s != KafkaStreams.State.PENDING_ERROR
                && s != KafkaStreams.State.PENDING_SHUTDOWN && s != KafkaStreams.State.NOT_RUNNING;
    }

    KafkaStreams streams() {
        return streams;
    }

    Placement placement() {
        return placement;
    }

    StandbyLags lags() {
        return lags;
    }

    StreamsJobReader reader() {
        return new StreamsJobReader(streams, active, placement, lags);
    }

    StreamsJobLister lister() {
        return new StreamsJobLister(streams, placement, lags);
    }

    @Override
    public void close() {
        resources.close();
    }
}
