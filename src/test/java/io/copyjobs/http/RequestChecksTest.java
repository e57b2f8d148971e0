package io.copyjobs.http;

import io.copyjobs.job.JobState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The checks every request passes before routing, and the list parameters' own. */
class RequestChecksTest {

    @ParameterizedTest
    @ValueSource(strings = {"cursor=%%%", "x=%zz", "x=%", "x=%2", "x=%u0041", "a=%C0%AF", "a=%E2%82", "a=%ED%A0%80",
            "a=%F4%90%80%80", "limit=5&limit=6", "a&a"})
    void a_query_with_a_bad_escape_bad_utf8_or_a_repeated_name_is_refused(String query) {
        assertThatThrownBy(() -> RequestChecks.query(query)).isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).status()).isEqualTo(400));
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=5&state=QUEUED,ERROR", "x=%E2%82%AC", "a=+b", "a", "=x"})
    void a_well_formed_query_passes(String query) {
        assertThatCode(() -> RequestChecks.query(query)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/jobs/{5ce34c0d-1b2a-4c3d-8e4f-0123456789ab}", "/v1/jobs/%7B5ce34c0d%7D/files/0/content",
            "/v1/jobs", "/health/live", "/v1/a-b_c.d~e!$&'()*+,;=:@"})
    void plain_paths_and_windows_braces_pass(String path) {
        assertThatCode(() -> RequestChecks.path(path)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/jobs/<x>", "/v1/jobs/a|b", "/v1/jobs/a^b", "/v1/jobs/a`b", "/v1/jobs/a\"b", "/v1/a\\b",
            "/v1/jobs/\u00e9", "/v1/jobs/%2F", "/v1/jobs/%2e%2e/x", "/v1/../x", "/v1/./x"})
    void other_characters_dot_segments_and_encoded_separators_are_refused(String path) {
        assertThatThrownBy(() -> RequestChecks.path(path)).isInstanceOf(ProblemException.class);
    }

    @Test
    void numbers_are_plain_ascii_digits_only() {
        assertThat(Requests.digits("0", 4)).isZero();
        assertThat(Requests.digits("1000", 4)).isEqualTo(1000);
        assertThat(Requests.digits("05", 4)).isEqualTo(5);
        for (String bad : new String[]{"", "+5", "-5", " 5", "5 ", "\u0665", "\uff15", "1e3", "10000", "0x1"}) {
            assertThat(Requests.digits(bad, 4)).as(bad).isEqualTo(-1);
        }
    }

    @Test
    void limit_is_1_to_1000_and_100_when_absent() {
        assertThat(ListQuery.limit(null)).isEqualTo(100);
        assertThat(ListQuery.limit("1000")).isEqualTo(1000);
        for (String bad : new String[]{"0", "1001", "+5", "\u0665", "ten"}) {
            assertThatThrownBy(() -> ListQuery.limit(bad)).as(bad).isInstanceOf(ProblemException.class)
                    .hasMessageContaining("limit:");
        }
    }

    @Test
    void an_empty_item_in_a_state_list_is_refused_not_skipped() {
        assertThat(ListQuery.states("queued,ERROR")).containsExactlyInAnyOrder(JobState.QUEUED, JobState.ERROR);
        for (String bad : new String[]{",,", "QUEUED,", ",ERROR", "DONE"}) {
            assertThatThrownBy(() -> ListQuery.states(bad)).as(bad).isInstanceOf(ProblemException.class)
                    .hasMessageContaining("state:");
        }
    }

    @Test
    void a_peer_is_asked_the_checked_values_in_their_canonical_spelling() {
        Set<JobState> states = EnumSet.of(JobState.ERROR, JobState.QUEUED);
        String sortKey = "0000018c3a5b7c00\u00005ce34c0d-1b2a-4c3d-8e4f-0123456789ab";
        assertThat(new ListQuery(states, true, 5, sortKey).pathAndQuery())
                .isEqualTo("/v1/jobs?limit=5&state=QUEUED,ERROR&allUsers=true&cursor=" + Cursors.encode(sortKey));
        assertThat(new ListQuery(Set.of(), false, 100, null).pathAndQuery()).isEqualTo("/v1/jobs?limit=100");
        assertThat(URI.create("http://h" + new ListQuery(states, true, 5, sortKey).pathAndQuery()).getQuery())
                .as("a URI any client parses").isNotNull();
    }
}
