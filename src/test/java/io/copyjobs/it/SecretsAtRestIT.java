package io.copyjobs.it;

import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 18, secrets at rest: a job whose origin wants Basic credentials and an API-key header
 * downloads with them, and afterwards no copyjobs topic — commands, snapshots, outcomes, events,
 * changelogs, repartition topics, aborted records included — nor any answer holds a value.
 */
class SecretsAtRestIT {
    private static final String USER = "svc-fetcher";
    private static final String PASSWORD = "pw-Zq81-secret";
    private static final String API_KEY = "key-7Hc2-secret";
    private static final byte[] BODY = new byte[96 * 1024];
    private static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
    static HttpServer origin;
    static TestNode node;
    static String namespace;

    @BeforeAll
    static void start() throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/private.bin", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String key = exchange.getRequestHeaders().getFirst("X-Api-Key");
            RECEIVED.add(auth + " " + key);
            boolean allowed = expected.equals(auth) && API_KEY.equals(key);
            exchange.sendResponseHeaders(allowed ? 200 : 401, allowed ? BODY.length : -1);
            try (OutputStream out = exchange.getResponseBody()) {
                if (allowed) {
                    out.write(BODY);
                }
            }
        });
        origin.start();
        namespace = TestNode.freshNamespace("secrets");
        node = TestNode.start(namespace, Map.of("COPYJOBS_MAX_TRANSFERS", "1", "COPYJOBS_TRANSFER_DENY", "none"));
    }

    @AfterAll
    static void stop() {
        node.close();
        origin.stop(0);
    }

    @Test
    void a_job_downloads_with_its_secrets_and_no_topic_or_answer_holds_one() {
        String alice = node.token("alice");
        String url = "http://127.0.0.1:" + origin.getAddress().getPort() + "/private.bin";
        HttpResponse<String> created = node.post("/v1/jobs", alice, "{\"displayName\":\"private\",\"files\":[{\"remoteUrl\":\""
                + url + "\",\"localName\":\"p.bin\"}],\"options\":{\"headers\":[{\"name\":\"X-Api-Key\",\"value\":\""
                + API_KEY + "\"}],\"serverCredentials\":{\"scheme\":\"BASIC\",\"userName\":\"" + USER
                + "\",\"password\":\"" + PASSWORD + "\"}}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = TestNode.json(created).get("id").asText();
        TestNode.ok(node.post("/v1/jobs/" + id + "/resume", alice));
        await().atMost(Duration.ofSeconds(90)).until(() ->
                TestNode.json(node.get("/v1/jobs/" + id, alice)).get("state").asText().equals("TRANSFERRED"));
        assertThat(RECEIVED).as("the origin was asked with the job's secrets").isNotEmpty()
                .allSatisfy(r -> assertThat(r).contains(API_KEY));

        String answer = node.get("/v1/jobs/" + id, alice).body() + node.get("/v1/jobs", alice).body();
        assertThat(answer).contains("X-Api-Key", "\"scheme\":\"BASIC\"");
        List<String> secrets = List.of(PASSWORD, API_KEY, USER, Base64.getEncoder().encodeToString(
                (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        assertThat(secrets).allSatisfy(s -> assertThat(answer).doesNotContain(s));

        Map<String, Long> scanned = new TreeMap<>();
        String found = everyRecord(scanned);
        assertThat(scanned).as("the topics scanned").containsKey(namespace + ".jobs")
                .containsKey(namespace + ".commands");
        assertThat(secrets).allSatisfy(s -> assertThat(found).as("in %s", scanned.keySet()).doesNotContain(s));
        assertThat(found).as("the boxes are there instead").contains("cjs1.");
    }

    /** Every record of every topic of this namespace, keys and values as text; counts per topic in {@code scanned}. */
    private static String everyRecord(Map<String, Long> scanned) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        StringBuilder all = new StringBuilder();
        try (Admin admin = Admin.create(p);
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                     new ByteArrayDeserializer())) {
            List<String> topics = admin.listTopics().names().get().stream().filter(t -> t.startsWith(namespace)).toList();
            List<TopicPartition> partitions = new ArrayList<>();
            topics.forEach(t -> consumer.partitionsFor(t).forEach(i -> partitions.add(new TopicPartition(t, i.partition()))));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    scanned.merge(r.topic(), 1L, Long::sum);
                    all.append(text(r.key())).append(' ').append(text(r.value())).append('\n');
                }
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
        return all.toString();
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
