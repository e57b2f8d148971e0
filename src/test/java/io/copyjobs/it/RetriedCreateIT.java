package io.copyjobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A create whose answer never reached its client (the request timed out, 504) and that the client
 * sends again, to any node, with the same Idempotency-Key gets the first attempt's job: the create
 * of the first attempt committed, and the owner step answers the retry from its idempotency record
 * in one transaction (issue 20: on the two-step layout, retries went through both steps again and
 * timed out the same way while the job existed).
 */
class RetriedCreateIT {
    static final String NAMESPACE = TestNode.freshNamespace("retried-create");
    /** Answers no command in time: an outcome needs a round trip through Kafka, never under a millisecond. */
    static TestNode impatient;
    static TestNode patient;

    @BeforeAll
    static void start() {
        impatient = TestNode.start(NAMESPACE, Map.of("COPYJOBS_COMMAND_TIMEOUT", "PT0.001S", "COPYJOBS_PARTITIONS", "4"));
        patient = TestNode.start(NAMESPACE, Map.of("COPYJOBS_PARTITIONS", "4"));
        await().atMost(Duration.ofSeconds(60)).until(() -> impatient.node.streams().metadataForAllStreamsClients().size() == 2
                && patient.node.streams().metadataForAllStreamsClients().size() == 2);
    }

    @AfterAll
    static void stop() {
        patient.close();
        impatient.close();
    }

    @Test
    void a_create_retried_after_a_timeout_gets_the_job_of_its_first_attempt() {
        String owner = "retrier-" + System.nanoTime();
        String key = "k-" + System.nanoTime();

        HttpResponse<String> first = create(impatient, owner, key);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(504);
        assertThat(TestNode.json(first).get("code").asText()).isEqualTo("CJ_E_TIMEOUT");

        HttpResponse<String> retry = create(patient, owner, key);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
        String id = TestNode.json(retry).get("id").asText();

        // The first attempt made exactly this one job, and a retry to the impatient node makes no other.
        assertThat(create(impatient, owner, key).statusCode()).isEqualTo(504);
        JsonNode jobs = TestNode.ok(patient.get("/v1/jobs", patient.token(owner))).get("jobs");
        assertThat(jobs).hasSize(1);
        assertThat(jobs.get(0).get("id").asText()).isEqualTo(id);
        assertThat(create(patient, owner, key).headers().firstValue("Location")).contains("/v1/jobs/" + id);
    }

    private static HttpResponse<String> create(TestNode via, String owner, String key) {
        return via.send(via.request("/v1/jobs", via.token(owner)).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString("{\"displayName\":\"retried\"}")).build());
    }
}
