package io.copyjobs.streams;

import io.copyjobs.config.Config;
import io.copyjobs.config.ConfigException;
import io.copyjobs.kafka.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

/**
 * Creates the copyjobs topics at start-up when they are absent (SPEC §6), and refuses to start
 * when one exists with another partition count: keys would land on other partitions than the
 * stores that hold them.
 */
public final class TopicSetup {
    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SERVED_PROBE = Duration.ofMillis(500);

    private TopicSetup() {
    }

    /**
     * Creates the topics of {@code layout} and the changelogs of application {@code applicationId}
     * that are missing, in one request, and checks the ones that exist.
     *
     * <p>Streams would create its changelogs itself, but only in the first rebalance, on the
     * stream thread, which then polls every 100 ms until the brokers have made their partitions:
     * a second or more of every fresh node's start on two busy cores (issue 16). Asked here, the
     * brokers make them while the rest of the node starts, and Streams finds them ready (it
     * checks their partition counts, as {@link #ensure} does). Only the node's own topics are
     * waited for.
     *
     * @return the replication factor they have: the configured one, or min(3, brokers)
     */
    public static int ensure(Admin admin, Topics topics, Config.TopicLayout layout, String applicationId) {
        // Asked together with the cluster's size: each question is a round trip to the brokers.
        KafkaFuture<Set<String>> existing = admin.listTopics().names();
        int replication = replicationFactor(admin, layout.replicationFactor());
        List<Topics.Layout> own = topics.layouts(layout.commandsRetention(), layout.eventsRetention(),
                layout.outcomesRetention());
        List<Topics.Layout> all = new ArrayList<>(own);
        all.addAll(Stores.changelogs(applicationId));
        ensure(admin, all, layout.partitions(), replication, existing);
        awaitLeaders(admin, own.stream().map(Topics.Layout::name).toList());
        return replication;
    }

    private static int replicationFactor(Admin admin, Integer configured) {
        if (configured != null) {
            return configured;
        }
        return Math.min(3, get(admin.describeCluster().nodes()).size());
    }

    /**
     * The brokers' floor for group session timeouts ({@code group.min.session.timeout.ms}), so
     * that a node asks for the shortest one they accept; Kafka's default when they do not say.
     * Asked without waiting, so that the answer comes while the topics are set up; the future
     * always completes, within {@link #TIMEOUT}.
     */
    public static CompletableFuture<Integer> minSessionTimeout(Admin admin) {
        int kafkaDefault = StreamsSettings.KAFKA_DEFAULT_MIN_SESSION_TIMEOUT_MS;
        // A future of our own: the Kafka client's refuse to be completed by a timeout.
        CompletableFuture<Integer> floor = new CompletableFuture<>();
        admin.describeCluster().nodes().toCompletionStage()
                .thenCompose(nodes -> sessionTimeoutFloor(admin, nodes.iterator().next().id()))
                .whenComplete((ms, e) -> {
                    if (e != null) {
                        LOG.info("cannot read the brokers' minimum session timeout ({}); assuming Kafka's default",
                                e.getMessage());
                    }
                    floor.complete(e == null ? ms : kafkaDefault);
                });
        return floor.completeOnTimeout(kafkaDefault, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static CompletionStage<Integer> sessionTimeoutFloor(Admin admin, int brokerId) {
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(brokerId));
        return admin.describeConfigs(List.of(broker)).all().toCompletionStage().thenApply(configs -> {
            ConfigEntry entry = configs.get(broker).get("group.min.session.timeout.ms");
            return entry == null || entry.value() == null ? StreamsSettings.KAFKA_DEFAULT_MIN_SESSION_TIMEOUT_MS
                    : Integer.parseInt(entry.value());
        });
    }

    /** Creates what is missing and checks what exists. */
    static void ensure(Admin admin, List<Topics.Layout> layouts, int partitions, int replicationFactor,
                       KafkaFuture<Set<String>> names) {
        Set<String> existing = get(names);
        List<NewTopic> missing = new ArrayList<>();
        List<String> present = new ArrayList<>();
        for (Topics.Layout layout : layouts) {
            if (existing.contains(layout.name())) {
                present.add(layout.name());
            } else {
                missing.add(new NewTopic(layout.name(), partitions, (short) replicationFactor)
                        .configs(configs(layout, replicationFactor)));
            }
        }
        requireCount(admin, present, partitions);
        if (!missing.isEmpty()) {
            try {
                admin.createTopics(missing).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topics: " + e.getCause().getMessage(), e.getCause());
                }
                // Another node made them first, perhaps with another count.
                requireCount(admin, missing.stream().map(NewTopic::name).toList(), partitions);
            } catch (InterruptedException | TimeoutException e) {
                throw new IllegalStateException("cannot create topics in " + TIMEOUT, e);
            }
            LOG.info("created topics {} ({} partitions, replication factor {})",
                    missing.stream().map(NewTopic::name).toList(), partitions, replicationFactor);
        }
    }

    /** Refuses to start on topics of another partition count: keys would land on other partitions. */
    private static void requireCount(Admin admin, List<String> names, int partitions) {
        if (names.isEmpty()) {
            return;
        }
        for (TopicDescription d : get(admin.describeTopics(names).allTopicNames()).values()) {
            if (d.partitions().size() != partitions) {
                throw new ConfigException("topic " + d.name() + " has " + d.partitions().size()
                        + " partitions but COPYJOBS_PARTITIONS is " + partitions
                        + ": set COPYJOBS_PARTITIONS=" + d.partitions().size() + " or use another COPYJOBS_TOPIC_PREFIX");
            }
        }
    }

    /**
     * Waits until every topic has a leader for each partition, so that Streams does not start on
     * topics the brokers do not serve yet.
     */
    public static void awaitLeaders(Admin admin, List<String> names) {
        awaitUntil("topics " + names + " have no leaders", () -> admin.describeTopics(names).allTopicNames()
                .get(5, TimeUnit.SECONDS).values().stream().allMatch(t -> t.partitions().stream().allMatch(p -> p.leader() != null)));
    }

    /**
     * Waits until the leaders serve every partition of {@code count} of each topic: a leader in the
     * metadata is not yet a partition its broker has made, and a fresh broker that was asked for many
     * at once answers "not leader" for a second or more after naming them all. The probe is the
     * question Streams' first assignment asks of the changelogs (their end offsets); each try is
     * bounded, so that the admin client's own back-off, which grows to a second, does not hold it.
     */
    public static void awaitServed(Admin admin, List<String> names, int count) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        names.forEach(n -> IntStream.range(0, count).forEach(p -> latest.put(new TopicPartition(n, p), OffsetSpec.latest())));
        ListOffsetsOptions once = new ListOffsetsOptions().timeoutMs((int) SERVED_PROBE.toMillis());
        awaitUntil("topics " + names + " are not served", () -> {
            admin.listOffsets(latest, once).all().get(SERVED_PROBE.toMillis() * 2, TimeUnit.MILLISECONDS);
            return true;
        });
    }

    private static void awaitUntil(String failure, Callable<Boolean> done) {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (true) {
            try {
                if (done.call()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topics", e);
            } catch (Exception e) {
                LOG.debug("topics not ready yet: {}", e.getMessage());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(failure + " after " + TIMEOUT);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topics", e);
            }
        }
    }

    static Map<String, String> configs(Topics.Layout layout, int replicationFactor) {
        Map<String, String> c = new HashMap<>();
        c.put(TopicConfig.CLEANUP_POLICY_CONFIG, layout.compacted() ? TopicConfig.CLEANUP_POLICY_COMPACT
                : TopicConfig.CLEANUP_POLICY_DELETE);
        if (layout.retention() != null) {
            c.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(layout.retention().toMillis()));
        }
        c.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, replicationFactor >= 3 ? "2" : "1");
        return c;
    }

    static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + TIMEOUT
                    + " (are the bootstrap servers right?)", e);
        }
    }
}
