package io.copyjobs.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static io.copyjobs.it.GetJobContract.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-owner quota and retention (SPEC §2, §7), with short limits set in the node's config:
 * three unfinished jobs per owner, final jobs purged after two seconds, idle ones cancelled after five.
 */
class QuotaRetentionIT {
    static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestNode.freshNamespace("quota"), Map.of(
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

        node.post("/v1/jobs/" + first + "/cancel", erin);
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
        node.post("/v1/jobs/" + id + "/complete", frank);
        await().atMost(Duration.ofSeconds(15)).until(() -> node.get("/v1/jobs/" + id, frank).statusCode() == 404);
        assertProblem(node.get("/v1/jobs/" + id, frank), 404, "DO_E_NOT_FOUND", "0x80D02003");
        // The owner's list hears of the purge through owner-commands, a moment after the job store.
        await().atMost(Duration.ofSeconds(5)).until(() -> !node.get("/v1/jobs?state=ACKNOWLEDGED", frank).body().contains(id));
    }

    @Test
    void a_job_left_alone_past_the_idle_limit_is_cancelled_by_the_system() {
        String gina = node.token("gina");
        String id = TestNode.json(create(gina)).get("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                TestNode.json(node.get("/v1/jobs/" + id, gina)).path("state").asText().equals("CANCELLED")
                        || node.get("/v1/jobs/" + id, gina).statusCode() == 404);
    }
}
