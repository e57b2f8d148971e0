package io.copyjobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.job.Command;
import io.copyjobs.job.JobId;
import io.copyjobs.job.TransferError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code monitor} and {@code transfer} on a real node, with the transfer engine's reports written
 * to Kafka as the engine will write them, so that jobs really move through CONNECTING,
 * TRANSFERRING and TRANSFERRED while the commands watch.
 */
class CliMonitorIT {
    static final Duration PATIENCE = Duration.ofSeconds(30);
    static String namespace = TestNode.freshNamespace("climon");
    static TestNode node;
    static EngineReports engine;

    @BeforeAll
    static void start() {
        node = TestNode.start(namespace, Map.of());
        engine = new EngineReports(namespace);
    }

    @AfterAll
    static void stop() {
        engine.close();
        node.close();
    }

    static JsonNode job(String id) {
        return TestNode.json(node.get("/v1/jobs/" + id, node.adminToken("auditor")));
    }

    /** A job of {@code token}'s with two files, resumed (QUEUED), made with the CLI. */
    static String queuedJob(String token) {
        String id = CliRun.ok(node, token, "create", "watched").out().strip();
        CliRun.ok(node, token, "addfile", id, "https://example.com/a.bin", "a.bin", "https://example.com/b.bin", "b.bin");
        CliRun.ok(node, token, "resume", id);
        return id;
    }

    @Test
    void monitor_shows_progress_live_and_stops_at_TRANSFERRED_with_the_totals() {
        String token = node.token("watcher");
        String id = queuedJob(token);
        JobId jobId = JobId.parse(id).orElseThrow();
        CliRun monitor = CliRun.prepare(node, token, "monitor", id);
        CompletableFuture<CliRun> running = monitor.start();

        engine.send(jobId, new Command.StartTransfer());
        engine.send(jobId, new Command.ReportProgress(0, 10, 4, false, "node-1", 0, 0, null));
        await().atMost(PATIENCE).until(() -> monitor.out().contains("4 B of 10 B"));
        assertThat(running).as("still watching a job that is transferring").isNotDone();

        engine.send(jobId, new Command.ReportProgress(0, 10, 10, true, "node-1", 0, 0, null));
        engine.send(jobId, new Command.ReportProgress(1, 20, 20, true, "node-1", 0, 0, null));
        await().atMost(PATIENCE).until(running::isDone);
        CliRun done = running.join();

        assertThat(done.exit()).as(done.toString()).isZero();
        assertThat(done.out()).contains("TRANSFERRING").contains("#0    40%  4 B of 10 B  a.bin")
                .doesNotContain("\033[").doesNotContain("[#");
        assertThat(done.lastLine()).isEqualTo(id + " TRANSFERRED: 2 of 2 files, 30 B of 30 B (100%)");
    }

    @Test
    void monitor_json_prints_the_job_as_one_line_when_it_has_ended() {
        String token = node.token("json-watcher");
        String id = CliRun.ok(node, token, "create", "over").out().strip();
        CliRun.ok(node, token, "cancel", id);

        CliRun run = CliRun.run(node, token, "monitor", id, "--json");
        assertThat(run.exit()).as("a cancelled job did not end well").isEqualTo(1);
        assertThat(run.out().strip()).doesNotContain("\n").contains("\"state\":\"CANCELLED\"").startsWith("{");
    }

    @Test
    void monitor_of_a_job_in_ERROR_exits_1_with_the_job_s_error() {
        String token = node.token("unlucky");
        String id = queuedJob(token);
        JobId jobId = JobId.parse(id).orElseThrow();
        engine.send(jobId, new Command.StartTransfer());
        engine.send(jobId, new Command.FailTransfer(TransferError.http(404, "Not Found", 1), false));
        await().atMost(PATIENCE).until(() -> job(id).get("state").asText().equals("ERROR"));

        CliRun run = CliRun.run(node, token, "monitor", id);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.lastLine()).isEqualTo(id + " ERROR: 0 of 2 files, 0 B of ? (?)");
        assertThat(run.err()).isEqualTo("BG_E_HTTP_ERROR_404: job " + id + " failed: Not Found "
                + "(0x80190194, REMOTE_FILE, file 1 b.bin); resume it once the cause is fixed, or cancel it\n");
    }

    @Test
    void monitor_says_why_and_exits_1_when_an_administrator_takes_the_job_over() {
        // Streams of monitors that stopped at TRANSFERRED or ERROR stay open until a ping finds them gone.
        await().atMost(Duration.ofSeconds(90)).until(() -> node.openEventStreams() == 0);
        String token = node.token("taken");
        String id = queuedJob(token);
        CompletableFuture<CliRun> running = CliRun.prepare(node, token, "monitor", id).start();
        await().atMost(PATIENCE).until(() -> node.openEventStreams() == 1);

        assertThat(node.post("/v1/jobs/" + id + "/take-ownership", node.adminToken("root")).statusCode()).isEqualTo(200);
        await().atMost(PATIENCE).until(running::isDone);
        CliRun done = running.join();
        assertThat(done.exit()).as(done.toString()).isEqualTo(1);
        assertThat(done.err()).startsWith("E_ACCESSDENIED: the node ended the job's event stream (ACCESS_LOST): job "
                + id + " has another owner now");
    }

    @Test
    void transfer_creates_resumes_watches_and_completes_the_job() {
        String token = node.token("fetcher");
        CliRun transfer = CliRun.prepare(node, token, "transfer", "https://example.com/dl/a.iso",
                "https://example.com/dl/b.iso", "--to", "isos/nightly", "--name", "nightly ISOs");
        CompletableFuture<CliRun> running = transfer.start();

        String id = await().atMost(PATIENCE).until(() -> queuedJobOf(token), j -> j != null);
        JobId jobId = JobId.parse(id).orElseThrow();
        engine.send(jobId, new Command.StartTransfer());
        engine.send(jobId, new Command.ReportProgress(0, 100, 100, true, "node-1", 0, 0, null));
        engine.send(jobId, new Command.ReportProgress(1, 50, 50, true, "node-1", 0, 0, null));
        await().atMost(PATIENCE).until(running::isDone);
        CliRun done = running.join();

        assertThat(done.exit()).as(done.toString()).isZero();
        assertThat(done.out()).startsWith(id + ": 2 file(s)").contains(id + " ACKNOWLEDGED: 2 of 2 files, 150 B of 150 B (100%)")
                .contains("  fetcher/" + id + "/isos/nightly/a.iso\n  fetcher/" + id + "/isos/nightly/b.iso");
        JsonNode job = job(id);
        assertThat(job.get("state").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(job.get("displayName").asText()).isEqualTo("nightly ISOs");
    }

    /** The id of the owner's job once it is QUEUED (transfer has resumed it), else null. */
    static String queuedJobOf(String token) {
        JsonNode jobs = TestNode.json(node.get("/v1/jobs?state=QUEUED", token)).get("jobs");
        return jobs.isEmpty() ? null : jobs.get(0).get("id").asText();
    }
}
