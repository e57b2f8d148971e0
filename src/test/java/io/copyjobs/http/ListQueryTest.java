package io.copyjobs.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.JobState;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** EnumJobs' parameters and cursors, without a node: what a caller may send and what a peer is asked. */
class ListQueryTest {
    static final String SORT_KEY = "0000019a1b2c3d4e\u0000" + "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

    @Test
    void absent_parameters_mean_every_state_of_my_own_jobs_a_hundred_at_a_time_from_the_start() {
        ListQuery q = new ListQuery(ListQuery.states(null), ListQuery.bool(null, "allUsers"), ListQuery.limit(null),
                Cursors.decode(null));
        assertThat(q).isEqualTo(new ListQuery(Set.of(), false, ListQuery.DEFAULT_LIMIT, null));
        assertThat(q.pathAndQuery()).isEqualTo("/v1/jobs?limit=100");
    }

    @Test
    void states_are_a_comma_list_of_names_in_any_case() {
        assertThat(ListQuery.states("queued, Error,TRANSFERRED"))
                .isEqualTo(EnumSet.of(JobState.QUEUED, JobState.ERROR, JobState.TRANSFERRED));
        assertRefused(() -> ListQuery.states("QUEUED,,ERROR"), "state: '' is not one of");
        assertRefused(() -> ListQuery.states("RUNNING"), "state: 'RUNNING' is not one of");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1001", "-1", "+5", "1e2", "10000000000000000000", "٣"})
    void a_limit_is_1_to_1000_in_plain_digits(String limit) {
        assertRefused(() -> ListQuery.limit(limit), "limit:");
    }

    @Test
    void the_limits_bounds_are_accepted() {
        assertThat(ListQuery.limit("1")).isEqualTo(1);
        assertThat(ListQuery.limit("1000")).isEqualTo(1000);
    }

    @Test
    void all_users_is_true_or_false() {
        assertThat(ListQuery.bool("TRUE", "allUsers")).isTrue();
        assertThat(ListQuery.bool("false", "allUsers")).isFalse();
        assertRefused(() -> ListQuery.bool("yes", "allUsers"), "allUsers: must be true or false");
    }

    @Test
    void a_cursor_comes_back_as_the_sort_key_it_was_made_from() {
        assertThat(Cursors.decode(Cursors.encode(SORT_KEY))).isEqualTo(SORT_KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64!", "AAAA", "MDAwMDAxOWExYjJjM2Q0ZQ"})
    void a_cursor_this_api_did_not_return_is_refused(String cursor) {
        assertRefused(() -> Cursors.decode(cursor), "cursor: not a cursor this API returned");
    }

    @Test
    void a_forged_cursor_of_valid_base64_around_another_key_is_refused() {
        String forged = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("zzzz\u0000../../etc".getBytes(StandardCharsets.UTF_8));
        assertRefused(() -> Cursors.decode(forged), "cursor:");
    }

    /** A peer gets a query written from checked values, which parses back to the same query. */
    @Test
    void the_query_a_peer_is_asked_parses_back_to_the_same_query() {
        ListQuery q = new ListQuery(EnumSet.of(JobState.ERROR, JobState.QUEUED), true, 7, SORT_KEY);
        Map<String, String> params = query(q.pathAndQuery());

        ListQuery back = new ListQuery(ListQuery.states(params.get("state")),
                ListQuery.bool(params.get("allUsers"), "allUsers"), ListQuery.limit(params.get("limit")),
                Cursors.decode(params.get("cursor")));
        assertThat(back).isEqualTo(q);
    }

    private static Map<String, String> query(String pathAndQuery) {
        URI uri = URI.create("http://peer" + pathAndQuery);
        assertThat(uri.getPath()).isEqualTo("/v1/jobs");
        Map<String, String> params = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(kv[0], kv[1]);
        }
        return params;
    }

    private static void assertRefused(Runnable parse, String detail) {
        assertThatThrownBy(parse::run).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.rejection().code()).isEqualTo(ErrorCode.E_INVALIDARG);
            assertThat(e.rejection().detail()).startsWith(detail);
        });
    }
}
