package io.copyjobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.testing.TrickleServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A job's budgets on a real node (issue 18 items 6 and 7): a maximum download time that a slow
 * origin exhausts ends in ERROR BG_E_MAXDOWNLOAD_TIMEOUT, GetJob shows the time used and a throttled
 * job's rate, and the node's scrape has the queued time, the current rate and the timeout's error.
 */
class DownloadBudgetIT {
    static FilesServer files;
    static TrickleServer slow;
    static TestNode node;
    static String alice;

    @BeforeAll
    static void start() {
        files = new FilesServer();
        slow = new TrickleServer(1_000_000, Duration.ofMillis(5));
        node = TestNode.start(TestNode.freshNamespace("budget"), Map.of(
                "COPYJOBS_MAX_TRANSFERS", "2",
                "COPYJOBS_TRANSFER_DENY", "none"));
        alice = node.token("alice");
    }

    @AfterAll
    static void stop() {
        node.close();
        slow.close();
        files.close();
    }

    @Test
    void a_job_that_spends_its_maximum_download_time_is_in_ERROR_and_shows_the_time_it_used() {
        String id = create(slow.url("/slow.bin"), "{\"maximumDownloadTimeSeconds\":2}");
        TestNode.ok(node.post("/v1/jobs/" + id + "/resume", alice));
        await().atMost(Duration.ofSeconds(60)).until(() -> job(id).get("state").asText().equals("ERROR"));
        JsonNode failed = job(id);
        assertThat(failed.get("error").get("code").asText()).isEqualTo("BG_E_MAXDOWNLOAD_TIMEOUT");
        assertThat(failed.get("error").get("context").asText()).isEqualTo("GENERAL_TRANSPORT");
        Duration used = Duration.parse(failed.get("times").get("transferTime").asText());
        assertThat(used).isGreaterThanOrEqualTo(Duration.ofSeconds(2)).isLessThan(Duration.ofMillis(3500));
        assertThat(failed.get("bytesPerSecond").asLong()).as("no rate outside TRANSFERRING").isZero();
        String scrape = scrape();
        assertThat(sample(scrape, "copyjobs_transfer_errors_total{code=\"BG_E_MAXDOWNLOAD_TIMEOUT\"}")).isEqualTo(1);
        assertThat(sample(scrape, "copyjobs_transfer_queued_seconds_count")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void a_throttled_job_shows_its_rate_in_GetJob_and_the_node_its_own() {
        long limit = 256 * 1024;
        files.add("/throttled.bin", 6 << 20);
        String id = create(files.url("/throttled.bin"), "{\"maxBytesPerSecond\":" + limit + "}");
        TestNode.ok(node.post("/v1/jobs/" + id + "/resume", alice));
        await().atMost(Duration.ofSeconds(60)).until(() -> job(id).get("progress").get("bytesTransferred").asLong()
                > (1 << 20));
        JsonNode transferring = job(id);
        assertThat(transferring.get("state").asText()).isEqualTo("TRANSFERRING");
        assertThat((double) transferring.get("bytesPerSecond").asLong()).as("within 30 %% of %d B/s", limit)
                .isBetween(limit * 0.7, limit * 1.3);
        // The node's gauge decays over 3 s: within a few of them it reads the limit too.
        await().atMost(Duration.ofSeconds(60)).until(() ->
                Math.abs(sample(scrape(), "copyjobs_transfer_rate_bytes_per_second") - limit) < limit * 0.3);
        // Lifted, the limit no longer paces the rest: the job ends in moments, not in the ~20 s 256 KB/s needs.
        TestNode.ok(node.patch("/v1/jobs/" + id, alice, "{\"options\":{\"maxBytesPerSecond\":0}}", null));
        await().atMost(Duration.ofSeconds(60)).until(() -> job(id).get("state").asText().equals("TRANSFERRED"));
        assertThat(job(id).get("bytesPerSecond").asLong()).isZero();
    }

    static String create(String url, String options) {
        HttpResponse<String> r = node.post("/v1/jobs", alice, "{\"displayName\":\"budget\",\"files\":[{\"remoteUrl\":\""
                + url + "\",\"localName\":\"a.bin\"}],\"options\":" + options + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return TestNode.json(r).get("id").asText();
    }

    static JsonNode job(String id) {
        return TestNode.json(node.get("/v1/jobs/" + id, alice));
    }

    static String scrape() {
        HttpResponse<String> r = TestNode.send(HttpRequest.newBuilder(URI.create(node.base + "/metrics")).GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** The value of the sample {@code series} (name and labels as the scrape writes them). */
    static double sample(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as("%s in the scrape", series).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
