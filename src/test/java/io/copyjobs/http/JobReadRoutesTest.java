package io.copyjobs.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.cluster.JobReads;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobId;
import io.copyjobs.json.JobDocument;
import io.copyjobs.testing.MemoryJobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import static io.copyjobs.http.RouteFixture.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * GetJob and EnumJobs on the real HTTP edge and read path, from this node's store in memory: the
 * answer and its headers for the active copy, a standby's marked stale, access, absence, a version
 * not reached yet, and pages that follow each other by their cursors.
 */
class JobReadRoutesTest {
    @RegisterExtension
    static final RouteFixture node = new RouteFixture();
    final Instant base = Instant.parse("2026-01-01T00:00:00Z");

    HttpResponse<String> get(String path) {
        return node.get(path, node.token("alice"));
    }

    @Test
    void get_job_answers_the_stored_document_with_its_etag() {
        Job job = node.stored("alice", base);

        HttpResponse<String> r = get("/v1/jobs/" + job.id());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains(Responses.JSON);
        assertThat(r.headers().firstValue("ETag")).contains(job.etag());
        assertThat(r.body()).isEqualTo(new String(JobDocument.of(job).json(), StandardCharsets.UTF_8));
        assertThat(r.headers().firstValue("Copyjobs-Stale")).isEmpty();
    }

    @Test
    void braces_and_upper_case_name_the_same_job() {
        Job job = node.stored("alice", base);
        String upper = job.id().toString().toUpperCase(Locale.ROOT);

        for (String form : new String[]{upper, "%7B" + job.id() + "%7D", "%7b" + upper + "%7d"}) {
            HttpResponse<String> r = get("/v1/jobs/" + form);
            assertThat(r.statusCode()).as(form + ": " + r.body()).isEqualTo(200);
            assertThat(RouteFixture.json(r).get("id").asText()).isEqualTo(job.id().toString());
        }
    }

    @Test
    void a_read_of_a_standby_copy_is_marked_stale_with_its_lag() {
        Job job = node.stored("alice", base);
        node.store.hold(MemoryJobStore.Copy.STANDBY);

        HttpResponse<String> r = get("/v1/jobs/" + job.id());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Copyjobs-Stale")).contains("true");
        assertThat(r.headers().firstValue("Copyjobs-Lag")).contains(Long.toString(MemoryJobStore.LAG));
        assertThat(r.headers().firstValue("ETag")).contains(job.etag());
    }

    @Test
    void another_owner_s_job_is_403_without_a_word_about_it_and_an_administrator_sees_it() {
        Job job = node.stored("bob", base);

        HttpResponse<String> r = get("/v1/jobs/" + job.id());

        assertProblem(r, 403, ErrorCode.E_ACCESSDENIED);
        assertThat(r.body()).doesNotContain("bob").doesNotContain(job.displayName());
        assertThat(node.get("/v1/jobs/" + job.id(), node.adminToken("root")).statusCode()).isEqualTo(200);
    }

    @Test
    void a_job_nobody_stored_is_404() {
        assertProblem(get("/v1/jobs/" + JobId.random()), 404, ErrorCode.DO_E_NOT_FOUND);
    }

    @Test
    void a_min_version_this_copy_has_not_reached_is_503_and_one_it_has_is_200() {
        Job job = node.stored("alice", base);
        String path = "/v1/jobs/" + job.id();

        HttpResponse<String> newer = node.send(node.request(path, node.token("alice"))
                .header(JobReads.MIN_VERSION, Long.toString(job.version() + 1)).GET());
        HttpResponse<String> reached = node.send(node.request(path, node.token("alice"))
                .header(JobReads.MIN_VERSION, Long.toString(job.version())).GET());

        assertThat(assertProblem(newer, 503, ErrorCode.CJ_E_UNAVAILABLE).get("detail").asText())
                .contains("older than Copyjobs-Min-Version");
        assertThat(newer.headers().firstValue("Retry-After")).contains("1");
        assertThat(reached.statusCode()).isEqualTo(200);
    }

    @Test
    void a_job_no_copy_can_answer_for_is_503_once_the_read_s_deadline_passes() {
        Job job = node.stored("alice", base);
        node.store.hold(MemoryJobStore.Copy.NONE);

        assertProblem(get("/v1/jobs/" + job.id()), 503, ErrorCode.CJ_E_UNAVAILABLE);
    }

    /** Five jobs of alice's made a second apart, newest last, and one of bob's. */
    List<Job> aliceJobs() {
        List<Job> jobs = new ArrayList<>();
        IntStream.range(0, 5).forEach(i -> jobs.add(node.stored("alice", base.plusSeconds(i))));
        node.stored("bob", base.plusSeconds(10));
        return jobs;
    }

    static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("jobs").forEach(j -> ids.add(j.get("id").asText()));
        return ids;
    }

    @Test
    void enum_jobs_pages_newest_first_and_each_cursor_continues_where_its_page_ended() {
        List<Job> jobs = aliceJobs();
        List<String> seen = new ArrayList<>();
        String path = "/v1/jobs?limit=2";
        List<Integer> sizes = new ArrayList<>();
        for (int pages = 0; path != null && pages < 10; pages++) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode page = RouteFixture.json(r);
            seen.addAll(ids(page));
            sizes.add(page.get("jobs").size());
            path = page.get("next").isNull() ? null : "/v1/jobs?limit=2&cursor=" + page.get("next").asText();
        }

        assertThat(sizes).containsExactly(2, 2, 1);
        assertThat(seen).containsExactly(jobs.get(4).id().toString(), jobs.get(3).id().toString(),
                jobs.get(2).id().toString(), jobs.get(1).id().toString(), jobs.get(0).id().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bm90LWEtY3Vyc29y", "!!", "MDAwMDAwMDAwMDAwMDAwMA"})
    void a_cursor_this_api_did_not_return_is_400(String cursor) {
        aliceJobs();

        HttpResponse<String> r = get("/v1/jobs?limit=2&cursor=" + cursor);

        assertThat(assertProblem(r, 400, ErrorCode.E_INVALIDARG).get("detail").asText()).startsWith("cursor:");
    }

    @Test
    void enum_jobs_filters_by_state_and_refuses_a_state_that_does_not_exist() {
        aliceJobs();

        assertThat(ids(RouteFixture.json(get("/v1/jobs?state=suspended")))).hasSize(5);
        assertThat(ids(RouteFixture.json(get("/v1/jobs?state=QUEUED,ERROR")))).isEmpty();
        assertThat(assertProblem(get("/v1/jobs?state=PAUSED"), 400, ErrorCode.E_INVALIDARG).get("detail").asText())
                .startsWith("state:");
        assertThat(assertProblem(get("/v1/jobs?limit=1001"), 400, ErrorCode.E_INVALIDARG).get("detail").asText())
                .startsWith("limit:");
    }

    @Test
    void a_list_read_from_a_standby_copy_is_marked_stale() {
        aliceJobs();
        node.store.hold(MemoryJobStore.Copy.STANDBY);

        HttpResponse<String> r = get("/v1/jobs");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(ids(RouteFixture.json(r))).hasSize(5);
        assertThat(r.headers().firstValue("Copyjobs-Stale")).contains("true");
    }

    @Test
    void every_user_s_jobs_are_an_administrator_s_to_list() {
        aliceJobs();

        HttpResponse<String> all = node.get("/v1/jobs?allUsers=true", node.adminToken("root"));

        assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
        assertThat(ids(RouteFixture.json(all))).hasSize(6);
        assertProblem(get("/v1/jobs?allUsers=true"), 403, ErrorCode.E_ACCESSDENIED);
    }
}
