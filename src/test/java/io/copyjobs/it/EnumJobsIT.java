package io.copyjobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.copyjobs.it.GetJobContract.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** EnumJobs (GET /v1/jobs): newest first, stable paging, state filter, allUsers for administrators. */
class EnumJobsIT {
    static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestNode.freshNamespace("enum"), Map.of());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static String create(String token, String name) {
        HttpResponse<String> r = node.post("/v1/jobs", token, "{\"displayName\":\"" + name + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return TestNode.json(r).get("id").asText();
    }

    static JsonNode list(String token, String query) {
        HttpResponse<String> r = node.get("/v1/jobs" + query, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TestNode.json(r);
    }

    static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("jobs").forEach(j -> ids.add(j.get("id").asText()));
        return ids;
    }

    @Test
    void a_new_job_is_in_its_owner_s_list_as_soon_as_create_answers() {
        String token = node.token("fresh");
        String id = create(token, "just made");
        JsonNode page = list(token, "");
        assertThat(ids(page)).containsExactly(id);
        JsonNode entry = page.get("jobs").get(0);
        assertThat(entry.get("state").asText()).isEqualTo("SUSPENDED");
        assertThat(entry.get("displayName").asText()).isEqualTo("just made");
        assertThat(entry.get("owner").asText()).isEqualTo("fresh");
    }

    @Test
    void pages_are_newest_first_without_duplicates_or_gaps_while_jobs_are_added() {
        String token = node.token("pager");
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            made.add(create(token, "job " + i));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = list(token, "?limit=10" + (cursor == null ? "" : "&cursor=" + cursor));
            seen.addAll(ids(page));
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
            create(token, "added while paging " + pages);
            pages++;
        } while (cursor != null);

        List<String> newestFirst = new ArrayList<>(made);
        Collections.reverse(newestFirst);
        assertThat(seen).as("every job listed once, newest first; later additions come before page 1")
                .containsExactlyElementsOf(newestFirst);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void final_jobs_leave_the_list_unless_a_final_state_is_asked_for() {
        String token = node.token("finisher");
        String open = create(token, "open");
        String done = create(token, "done");
        TestNode.ok(node.post("/v1/jobs/" + done + "/cancel", token));

        // The owner's list hears of the new state from the job step through owner-commands: soon, not at once.
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> ids(list(token, "")).equals(List.of(open)));
        assertThat(ids(list(token, "?state=CANCELLED"))).containsExactly(done);
        assertThat(ids(list(token, "?state=SUSPENDED,CANCELLED"))).containsExactlyInAnyOrder(open, done);
        assertThat(ids(list(token, "?state=QUEUED"))).isEmpty();
    }

    @Test
    void all_users_is_for_administrators_and_take_ownership_moves_a_job_between_lists() {
        String carol = node.token("carol");
        String id = create(carol, "carol's");
        assertProblem(node.get("/v1/jobs?allUsers=true", carol), 403, "E_ACCESSDENIED", "0x80070005");

        Set<String> everyone = new HashSet<>(ids(list(node.adminToken("root"), "?allUsers=true&limit=1000")));
        assertThat(everyone).contains(id);

        assertThat(TestNode.ok(node.post("/v1/jobs/" + id + "/take-ownership", node.adminToken("dave")))
                .get("owner").asText()).isEqualTo("dave");
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> ids(list(carol, "")).isEmpty() && ids(list(node.token("dave"), "")).contains(id));
    }

    @Test
    void bad_parameters_are_400_naming_the_parameter() {
        String token = node.token("alice");
        for (String q : new String[]{"?limit=0", "?limit=1001", "?limit=ten", "?state=DONE", "?allUsers=yes", "?cursor=xyz"}) {
            HttpResponse<String> r = node.get("/v1/jobs" + q, token);
            assertProblem(r, 400, "E_INVALIDARG", "0x80070057");
            String param = q.substring(1, q.indexOf('='));
            assertThat(TestNode.json(r).get("detail").asText()).as(q).startsWith(param);
        }
    }
}
