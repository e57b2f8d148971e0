package io.copyjobs.kafka;

import io.copyjobs.it.TestBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * On a real broker, with the transactional and client ids Kafka Streams gives a node's stream
 * threads: the open transaction of a process that is no longer in the group is aborted at once
 * (its transaction timeout is a minute), a member's is left alone, and nothing is touched when a
 * member's client id does not say which process it is.
 */
class DepartedTransactionsIT {
    static final String TOPIC = "departed-it.records";
    static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        admin = Admin.create(Map.of("bootstrap.servers", TestBroker.bootstrapServers()));
        admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        admin.close();
    }

    @Test
    void the_open_transaction_of_a_process_gone_from_the_group_is_aborted_and_a_members_is_kept() throws Exception {
        String app = "departed-it-a";
        String gone = UUID.randomUUID().toString();
        String live = UUID.randomUUID().toString();
        try (KafkaProducer<String, String> dead = openTransaction(app + "-" + gone + "-1");
             KafkaProducer<String, String> member = openTransaction(app + "-" + live + "-1");
             KafkaConsumer<String, String> thread = joined(app, app + "-" + live + "-StreamThread-1-consumer")) {
            new DepartedTransactions(admin, app).fenceQuietly();

            // Aborted, then (the fence's InitProducerId retried) given a new epoch with nothing open.
            await().atMost(Duration.ofSeconds(20)).until(() -> Set.of(TransactionState.COMPLETE_ABORT, TransactionState.EMPTY)
                    .contains(state(app + "-" + gone + "-1")));
            assertThat(state(app + "-" + live + "-1")).isEqualTo(TransactionState.ONGOING);
            assertThatThrownBy(dead::commitTransaction).isInstanceOf(KafkaException.class);
            member.commitTransaction();
            await().atMost(Duration.ofSeconds(20)).until(() -> state(app + "-" + live + "-1") == TransactionState.COMPLETE_COMMIT);
        }
    }

    @Test
    void nothing_is_fenced_when_a_member_does_not_name_its_process() throws Exception {
        String app = "departed-it-b";
        String gone = app + "-" + UUID.randomUUID() + "-1";
        try (KafkaProducer<String, String> dead = openTransaction(gone);
             KafkaConsumer<String, String> thread = joined(app, "a-client-id-of-its-own")) {
            new DepartedTransactions(admin, app).fenceQuietly();

            assertThat(state(gone)).isEqualTo(TransactionState.ONGOING);
            dead.abortTransaction();
        }
    }

    /** A transactional producer with one record written in a transaction it leaves open for up to a minute. */
    static KafkaProducer<String, String> openTransaction(String transactionalId) throws Exception {
        KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000), new StringSerializer(), new StringSerializer());
        p.initTransactions();
        p.beginTransaction();
        p.send(new ProducerRecord<>(TOPIC, "k", "v")).get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(20)).until(() -> state(transactionalId) == TransactionState.ONGOING);
        return p;
    }

    /** A consumer that has joined group {@code group} under {@code clientId}. */
    static KafkaConsumer<String, String> joined(String group, String clientId) {
        KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId), new StringDeserializer(), new StringDeserializer());
        c.subscribe(List.of(TOPIC));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            c.poll(Duration.ofMillis(100));
            return !c.assignment().isEmpty();
        });
        return c;
    }

    static TransactionState state(String transactionalId) throws Exception {
        return admin.describeTransactions(List.of(transactionalId)).description(transactionalId)
                .get(30, TimeUnit.SECONDS).state();
    }
}
