package io.copyjobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.copyjobs.it.GetJobContract.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-owner quota and retention (SPEC §2, §7), with short limits set in the node's config:
 * three unfinished jobs per owner, final jobs purged after two seconds, idle ones cancelled after five.
 */
class QuotaRetentionIT {
    static final String NAMESPACE = TestNode.freshNamespace("quota");
    static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(NAMESPACE, Map.of(
                "COPYJOBS_MAX_JOBS_PER_OWNER", "3",
                "COPYJOBS_RETENTION", "PT2S",
                "COPYJOBS_IDLE_CANCEL", "PT5S",
                "COPYJOBS_SWEEP_INTERVAL", "PT0.2S"));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static HttpResponse<String> create(String token) {
        return node.post("/v1/jobs", token, "{\"displayName\":\"q\"}");
    }

    @Test
    void the_quota_counts_unfinished_jobs_exactly_and_administrators_are_exempt() {
        String erin = node.token("erin");
        String first = TestNode.json(create(erin)).get("id").asText();
        assertThat(create(erin).statusCode()).isEqualTo(201);
        assertThat(create(erin).statusCode()).isEqualTo(201);
        HttpResponse<String> fourth = create(erin);
        assertProblem(fourth, 429, "BG_E_TOO_MANY_JOBS_PER_USER", "0x80200049");

        TestNode.ok(node.post("/v1/jobs/" + first + "/cancel", erin));
        assertThat(create(erin).statusCode()).as("a finished job frees its place").isEqualTo(201);

        String admin = node.adminToken("ops");
        for (int i = 0; i < 4; i++) {
            assertThat(create(admin).statusCode()).isEqualTo(201);
        }
    }

    @Test
    void a_final_job_is_purged_after_the_retention_and_then_not_found() {
        String frank = node.token("frank");
        String id = TestNode.json(create(frank)).get("id").asText();
        assertThat(TestNode.ok(node.post("/v1/jobs/" + id + "/complete", frank)).get("state").asText())
                .isEqualTo("ACKNOWLEDGED");

        // The purge is a tombstone in the compacted jobs topic, after the job's final version.
        List<ConsumerRecord<String, String>> versions;
        try (TopicRecords jobs = new TopicRecords(NAMESPACE + ".jobs")) {
            versions = TopicRecords.withKey(jobs.until(records -> TopicRecords.withKey(records, id).stream()
                    .anyMatch(r -> r.value() == null), Duration.ofSeconds(30)), id);
        }
        assertThat(versions).hasSizeGreaterThanOrEqualTo(2);
        assertThat(versions.get(versions.size() - 1).value()).as("the tombstone comes last").isNull();
        assertThat(TestNode.json(versions.get(versions.size() - 2).value()).get("state").asText()).isEqualTo("ACKNOWLEDGED");

        await().atMost(Duration.ofSeconds(60)).until(() -> node.get("/v1/jobs/" + id, frank).statusCode() == 404);
        assertProblem(node.get("/v1/jobs/" + id, frank), 404, "DO_E_NOT_FOUND", "0x80D02003");
        // The owner's list hears of the purge through owner-commands, a moment after the job store.
        await().atMost(Duration.ofSeconds(60)).until(() -> !node.get("/v1/jobs?state=ACKNOWLEDGED", frank).body().contains(id));
    }

    @Test
    void a_job_left_alone_past_the_idle_limit_is_cancelled_by_the_system() {
        String gina = node.token("gina");
        String id = TestNode.json(create(gina)).get("id").asText();

        // Whether or not GetJob catches the job between the cancel and the purge, its events tell.
        List<ConsumerRecord<String, String>> events;
        try (TopicRecords feed = new TopicRecords(NAMESPACE + ".job-events")) {
            events = TopicRecords.withKey(feed.until(records -> TopicRecords.withKey(records, id).stream()
                    .anyMatch(r -> TestNode.json(r.value()).get("state").asText().equals("CANCELLED")),
                    Duration.ofSeconds(30)), id);
        }
        JsonNode cancel = events.stream().map(r -> TestNode.json(r.value()))
                .filter(e -> e.get("state").asText().equals("CANCELLED")).findFirst().orElseThrow();
        assertThat(cancel.get("operation").asText()).isEqualTo("Cancel");
        assertThat(cancel.get("actor").asText()).isEqualTo("system");
        assertThat(cancel.get("version").asLong()).as("nothing happened to the job between its creation and the cancel")
                .isEqualTo(2);
    }
}
