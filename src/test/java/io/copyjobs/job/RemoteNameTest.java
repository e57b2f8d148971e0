package io.copyjobs.job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static io.copyjobs.job.JobStateMachineTest.ADMIN;
import static io.copyjobs.job.JobStateMachineTest.ID;
import static io.copyjobs.job.JobStateMachineTest.OWNER;
import static io.copyjobs.job.JobStateMachineTest.T1;
import static io.copyjobs.job.JobStateMachineTest.code;
import static io.copyjobs.job.JobStateMachineTest.jobIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * SetRemoteName and ReplaceRemotePrefix (expiring URLs): what they change, what they keep, and
 * every input they refuse. The fixture's file 0 is transferred, file 1 is not.
 */
class RemoteNameTest {
    private static final String MIRROR = "https://mirror.example.com/b.bin?sig=new";

    @Test
    void set_remote_name_changes_the_file_s_url_keeps_its_bytes_and_notifies_job_modification() {
        Job before = jobIn(JobState.ERROR);
        Job partial = before.change(before.times().modified()).files(List.of(before.files().get(0),
                new JobFile("https://example.com/b.bin", "b.bin", null, 50, 20, false, "node-1", 20, 0, null))).build();

        Decision.Applied d = (Decision.Applied) decide(partial, new SetRemoteName(1, MIRROR), OWNER);

        JobFile changed = d.job().files().get(1);
        assertThat(changed.remoteUrl()).isEqualTo(MIRROR);
        assertThat(changed).isEqualTo(partial.files().get(1).withRemoteUrl(MIRROR));
        assertThat(changed.bytesTransferred()).isEqualTo(20);
        assertThat(d.job().state()).isEqualTo(JobState.ERROR);
        assertThat(d.job().files().get(0)).isEqualTo(partial.files().get(0));
        assertThat(d.events()).extracting(JobEvent::type, JobEvent::operation)
                .containsExactly(tuple(JobEvent.Type.JOB_MODIFICATION, "SetRemoteName"));
    }

    @Test
    void the_same_url_again_changes_nothing_and_keeps_the_version() {
        Job job = jobIn(JobState.TRANSFERRING);
        assertThat(decide(job, new SetRemoteName(1, "https://example.com/b.bin"), OWNER))
                .isEqualTo(new Decision.Unchanged(job));
    }

    @Test
    void a_transferred_file_keeps_its_url_with_BG_E_INVALID_STATE() {
        Decision d = decide(jobIn(JobState.TRANSFERRING), new SetRemoteName(0, MIRROR), OWNER);
        assertThat(code(d)).isEqualTo(ErrorCode.BG_E_INVALID_STATE);
        assertThat(((Decision.Rejected) d).rejection().detail()).contains("file 0").contains("transferred");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "-1|fileIndex", "2|fileIndex"})
    void a_file_index_outside_the_job_is_E_INVALIDARG_naming_it(int index, String field) {
        assertRefusedNaming(decide(jobIn(JobState.SUSPENDED), new SetRemoteName(index, MIRROR), OWNER), field);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL", "''", "ftp://example.com/b.bin", "https:///b.bin", "http://example.com:0/b", "not a url",
        "https://example.com/\tb"})
    void a_url_addfileset_would_refuse_is_E_INVALIDARG_naming_remote_url(String url) {
        assertRefusedNaming(decide(jobIn(JobState.SUSPENDED), new SetRemoteName(1, url), OWNER), "remoteUrl");
    }

    @Test
    void a_url_over_2048_characters_is_E_INVALIDARG() {
        String url = "https://example.com/" + "a".repeat(Limits.MAX_REMOTE_URL);
        assertRefusedNaming(decide(jobIn(JobState.SUSPENDED), new SetRemoteName(1, url), OWNER), "remoteUrl");
    }

    @Test
    void a_stranger_may_not_change_a_url_and_an_administrator_may() {
        Job job = jobIn(JobState.SUSPENDED);
        assertThat(code(decide(job, new SetRemoteName(1, MIRROR), new Actor("mallory", false))))
                .isEqualTo(ErrorCode.E_ACCESSDENIED);
        assertThat(code(decide(job, new ReplaceRemotePrefix("https://example.com", "https://m.example.com"),
                new Actor("mallory", false)))).isEqualTo(ErrorCode.E_ACCESSDENIED);
        assertThat(decide(job, new SetRemoteName(1, MIRROR), ADMIN)).isInstanceOf(Decision.Applied.class);
    }

    @Test
    void replace_remote_prefix_changes_every_unfinished_match_and_leaves_transferred_files_be() {
        Job job = jobIn(JobState.TRANSIENT_ERROR);
        Decision.Applied d = (Decision.Applied) decide(job,
                new ReplaceRemotePrefix("https://example.com/", "https://mirror.example.com/v2/"), OWNER);

        assertThat(d.job().files()).extracting(JobFile::remoteUrl)
                .containsExactly("https://example.com/a.bin", "https://mirror.example.com/v2/b.bin");
        assertThat(d.result()).isNull();
        assertThat(d.job().state()).isEqualTo(JobState.TRANSIENT_ERROR);
    }

    @Test
    void no_match_changes_nothing_and_answers_S_FALSE_as_BITS_does() {
        Job job = jobIn(JobState.SUSPENDED);
        // Case-sensitive, as BITS compares: HTTPS:// is no match for https://.
        for (String old : List.of("https://other.example.com/", "HTTPS://example.com/", "https://example.com/a.bin")) {
            assertThat(decide(job, new ReplaceRemotePrefix(old, "https://mirror.example.com/"), OWNER))
                    .as(old).isEqualTo(new Decision.Unchanged(job, ErrorCode.S_FALSE));
        }
        assertThat(ErrorCode.S_FALSE.hresult()).isEqualTo("0x00000001");
        assertThat(ErrorCode.S_FALSE.status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL|https://m.example.com/|oldPrefix",
        "''|https://m.example.com/|oldPrefix",
        "https://example.com/|NULL|newPrefix",
        "https://example.com/|''|newPrefix",
        "https://example.com/|ftp://m.example.com/|newPrefix",
        "https://example.com|https://|newPrefix",
        "https://example.com/|https://m.\u0001example.com/|newPrefix"})
    void bad_prefixes_are_E_INVALIDARG_naming_the_field(String oldPrefix, String newPrefix, String field) {
        assertRefusedNaming(decide(jobIn(JobState.SUSPENDED), new ReplaceRemotePrefix(oldPrefix, newPrefix), OWNER),
                field);
    }

    @Test
    void a_new_prefix_that_makes_a_url_too_long_is_E_INVALIDARG_naming_it() {
        String prefix = "https://example.com/" + "p".repeat(Limits.MAX_REMOTE_URL - 20);
        assertRefusedNaming(decide(jobIn(JobState.SUSPENDED), new ReplaceRemotePrefix("https://example.com/", prefix),
                OWNER), "newPrefix");
    }

    @Test
    void neither_operation_is_allowed_on_a_final_job() {
        for (JobState state : List.of(JobState.ACKNOWLEDGED, JobState.CANCELLED)) {
            assertThat(code(decide(jobIn(state), new SetRemoteName(1, MIRROR), OWNER))).isEqualTo(
                    ErrorCode.BG_E_INVALID_STATE);
            assertThat(code(decide(jobIn(state), new ReplaceRemotePrefix("https://x", "https://y"), OWNER)))
                    .isEqualTo(ErrorCode.BG_E_INVALID_STATE);
        }
    }

    private static Decision decide(Job job, Command command, Actor actor) {
        return JobStateMachine.decide(ID, Optional.of(job), command, actor, T1);
    }

    private static void assertRefusedNaming(Decision d, String field) {
        assertThat(code(d)).isEqualTo(ErrorCode.E_INVALIDARG);
        assertThat(((Decision.Rejected) d).rejection().detail()).startsWith(field + ":");
    }
}
