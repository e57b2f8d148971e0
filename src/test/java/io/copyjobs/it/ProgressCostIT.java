package io.copyjobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.testing.LogBytes;
import io.copyjobs.testing.RefusingOrigin;
import io.copyjobs.testing.TrickleServer;
import io.copyjobs.testing.Window;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What progress costs Kafka: the growth of the broker's logs — this node's topics and changelogs,
 * and the transactions and offset commits of {@code __transaction_state} and
 * {@code __consumer_offsets} (test classes run one after another, so nothing else writes there) —
 * while a job trickles from a slow origin, while a large job's origin refuses every connection, and
 * while the node is idle. {@code bench/run.sh progress} measures the same in full; the bounds here
 * are twice its goals, for a busy machine.
 */
class ProgressCostIT {
    static final String NAMESPACE = TestNode.freshNamespace("progress");
    static TrickleServer origin;
    static TestNode node;
    static Admin admin;
    static String alice;

    @BeforeAll
    static void start() {
        origin = new TrickleServer(1L << 30, Duration.ofMillis(250));
        node = TestNode.start(NAMESPACE, Map.of("COPYJOBS_MAX_TRANSFERS", "2", "COPYJOBS_TRANSFER_DENY", "none"));
        admin = Admin.create(Map.<String, Object>of("bootstrap.servers", TestBroker.bootstrapServers()));
        alice = node.token("alice");
    }

    @AfterAll
    static void stop() {
        admin.close();
        node.close();
        origin.close();
    }

    /** A job of 200 files with 500-character URLs is a document of ~120 KB: rewritten every second, 360 KB/s. */
    @Test
    void a_job_of_200_files_trickling_costs_kafka_at_most_100_KB_a_second_and_still_shows_its_progress() {
        String id = create("{\"displayName\":\"many\",\"files\":[" + files(origin.url("/f"), 500) + "]}");
        node.post("/v1/jobs/" + id + "/resume", alice);
        await().atMost(Duration.ofSeconds(60)).until(() -> job(id).get("state").asText().equals("TRANSFERRING"));
        JsonNode first = job(id);

        double perSecond = bytesPerSecond(Duration.ofSeconds(15));

        JsonNode last = job(id);
        node.post("/v1/jobs/" + id + "/cancel", alice);
        await().atMost(Duration.ofSeconds(30)).until(() -> job(id).get("state").asText().equals("CANCELLED"));
        assertThat(perSecond).as("bytes written to Kafka per second").isLessThanOrEqualTo(100_000);
        assertThat(last.get("version").asLong()).as("progress is still written").isGreaterThan(
                first.get("version").asLong());
        assertThat(last.get("progress").get("bytesTransferred").asLong())
                .isGreaterThan(first.get("progress").get("bytesTransferred").asLong());
    }

    /**
     * The largest job there is (200 files, 2,048-character URLs, 434 KB) whose origin refuses every
     * connection, at the shortest retry delay: each retry rewrote it three times (Retry,
     * StartTransfer, the error), 784 KB/s in {@code bench/run.sh progress}.
     */
    @Test
    void a_large_job_failing_over_and_over_costs_kafka_at_most_100_KB_a_second_and_keeps_its_error() {
        String id = create("{\"displayName\":\"failing\",\"minimumRetryDelaySeconds\":5,\"files\":["
                + files(RefusingOrigin.url("/f"), 2048) + "]}");
        node.post("/v1/jobs/" + id + "/resume", alice);
        await().atMost(Duration.ofSeconds(60)).until(() -> job(id).get("errorCount").asInt() >= 1);

        double perSecond = bytesPerSecond(Duration.ofSeconds(15));

        JsonNode last = job(id);
        node.post("/v1/jobs/" + id + "/cancel", alice);
        await().atMost(Duration.ofSeconds(30)).until(() -> job(id).get("state").asText().equals("CANCELLED"));
        assertThat(perSecond).as("bytes written to Kafka per second").isLessThanOrEqualTo(100_000);
        assertThat(last.get("state").asText()).isEqualTo("TRANSIENT_ERROR");
        assertThat(last.get("error").get("code").asText()).isEqualTo("BG_E_NETWORK_DISCONNECTED");
    }

    /**
     * Once every task has had a record, an idle node used to commit each second what it had already
     * committed: the job step after its once-a-second punctuation, the file janitor after every
     * empty poll (together ~3 KB/s on 4 partitions).
     */
    @Test
    void an_idle_node_writes_next_to_nothing() {
        String id = create("{\"displayName\":\"idle\",\"files\":[{\"remoteUrl\":\"" + origin.url("/one.bin")
                + "\",\"localName\":\"one.bin\"}]}");
        node.post("/v1/jobs/" + id + "/cancel", alice);
        await().atMost(Duration.ofSeconds(30)).until(() -> job(id).get("state").asText().equals("CANCELLED"));
        // The janitor's one commit of the cancelled job, then quiet.
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(60)).until(
                () -> bytesPerSecond(Duration.ofSeconds(10)) <= 1_000);
    }

    /**
     * Bytes per second written over {@code window}. 15 s spans two paced writes of a 120 KB job and at
     * most one of a 434 KB job (ProgressPace spends 32 KB/s on both copies), so the worst edge of a
     * window stays under half the 100 KB/s bound.
     */
    static double bytesPerSecond(Duration window) {
        Predicate<String> ours = t -> t.startsWith(NAMESPACE) || t.equals("__consumer_offsets")
                || t.equals("__transaction_state");
        Map<String, Long> before = LogBytes.byTopic(admin, ours);
        long start = System.nanoTime();
        Window.of(window);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> rates = LogBytes.rates(before, LogBytes.byTopic(admin, ours), seconds);
        System.out.println("ProgressCostIT: " + LogBytes.describe(rates));
        return LogBytes.total(rates);
    }

    /** 200 files at {@code base}N.bin, their URLs padded to {@code urlLength} characters. */
    static String files(String base, int urlLength) {
        StringBuilder files = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            String url = base + i + ".bin?";
            files.append(i == 0 ? "" : ",").append("{\"remoteUrl\":\"").append(url)
                    .append("p".repeat(urlLength - url.length())).append("\",\"localName\":\"f").append(i)
                    .append(".bin\"}");
        }
        return files.toString();
    }

    static String create(String body) {
        HttpResponse<String> r = node.post("/v1/jobs", alice, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return TestNode.json(r).get("id").asText();
    }

    static JsonNode job(String id) {
        return TestNode.json(node.get("/v1/jobs/" + id, alice));
    }
}
