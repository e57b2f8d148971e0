package io.copyjobs;

import io.copyjobs.cluster.EmbeddedKafka;
import io.copyjobs.config.Config;
import io.copyjobs.kafka.KafkaCommandBus;
import io.copyjobs.kafka.KeyPartitions;
import io.copyjobs.kafka.OutcomeListener;
import io.copyjobs.kafka.Topics;
import io.copyjobs.metrics.Metrics;
import io.copyjobs.streams.StreamsSettings;
import io.copyjobs.streams.TopicSetup;
import io.copyjobs.streams.TransactionVersionCheck;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTransactionsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A node's Kafka: the embedded broker when no bootstrap servers are set, the topics (created or
 * checked), and the clients every other part shares: the admin client, the outcome reader and the
 * one producer of commands.
 *
 * @param partitions     where keys fall among the topics' partitions
 * @param replication    the topics' replication factor, which Streams' internal topics get too
 * @param sessionTimeout the group session timeout to ask for: as short as the brokers allow
 */
record KafkaAssembly(Config.Kafka settings, Admin admin, Topics topics, KeyPartitions partitions, int replication,
                     int sessionTimeout,
                     OutcomeListener outcomes, KafkaCommandBus bus, Closer resources) implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaAssembly.class);
    private static final Duration COORDINATOR_LOOKUP = Duration.ofSeconds(10);

    static KafkaAssembly start(Config.Kafka kafka, Config.TopicLayout layout, Path dataDir, Metrics metrics)
            throws IOException {
        return Closer.starting(resources -> {
            if (kafka.embedded()) {
                resources.push(EmbeddedKafka.start(dataDir, kafka.embeddedPort(), kafka.embeddedControllerPort(),
                        Map.of()));
            }
            Admin admin = resources.push(Admin.create(kafka.clientProperties()));
            if (kafka.embedded()) {
                askForCoordinators(admin, kafka.applicationId());
            }
            Topics topics = new Topics(kafka.topicPrefix());
            CompletableFuture<Integer> brokersMinimum = TopicSetup.minSessionTimeout(admin);
            int replication = TopicSetup.ensure(admin, topics, layout, kafka.applicationId());
            TransactionVersionCheck.warnIfAffected(admin, replication);
            int sessionTimeout = StreamsSettings.sessionTimeout(brokersMinimum.join());
            LOG.info("group session timeout {} ms: a node that dies is noticed after this long", sessionTimeout);
            OutcomeListener outcomes = resources.push(new OutcomeListener(kafka.clientProps(), kafka.bootstrap(),
                    topics.outcomes));
            outcomes.start();
            KafkaCommandBus bus = resources.push(new KafkaCommandBus(kafka.clientProps(), kafka.bootstrap(), topics,
                    outcomes, metrics));
            return new KafkaAssembly(kafka, admin, topics, new KeyPartitions(layout.partitions()), replication, sessionTimeout, outcomes,
                    bus, resources);
        });
    }

    /**
     * A broker makes its offsets and transaction topics only when a client first asks where a
     * group's or a transaction's coordinator is, and answers "not available" until they are loaded.
     * Streams asks only after its first rebalance and then backs off for up to a second: asked
     * now, without waiting for the answers, the fresh embedded broker makes them while the node
     * starts. The bound keeps a broker that never answers from holding up the admin client's close.
     */
    private static void askForCoordinators(Admin admin, String applicationId) {
        int timeout = (int) COORDINATOR_LOOKUP.toMillis();
        admin.describeConsumerGroups(List.of(applicationId), new DescribeConsumerGroupsOptions().timeoutMs(timeout));
        admin.describeTransactions(List.of(applicationId), new DescribeTransactionsOptions().timeoutMs(timeout));
    }

    @Override
    public void close() {
        resources.close();
    }
}
