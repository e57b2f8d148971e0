package io.copyjobs.job;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** SetCredentials and RemoveCredentials (BITS IBackgroundCopyJob2): one target at a time, the rest of the options kept. */
class CredentialCommandsTest {
    static final Credentials BASIC = new Credentials(Credentials.Scheme.BASIC, Secret.sealed("cjs1.u"),
            Secret.sealed("cjs1.p"));
    static final Credentials BEARER = new Credentials(Credentials.Scheme.BEARER, null, Secret.sealed("cjs1.t"));

    static Job jobWith(TransferOptions options) {
        return JobStateMachineTest.jobIn(JobState.SUSPENDED).change(JobStateMachineTest.T1)
                .options(options.over(TransferOptions.NONE)).build();
    }

    static Decision decide(Job job, Command.JobCommand command) {
        return JobStateMachine.decide(JobStateMachineTest.ID, Optional.of(job), command, JobStateMachineTest.OWNER,
                JobStateMachineTest.T1);
    }

    @Test
    void set_replaces_the_target_s_credentials_and_keeps_headers_and_budgets() {
        Job job = jobWith(new TransferOptions(List.of(new Header("X-Key", Secret.sealed("cjs1.k"))), BASIC, null,
                null, null, 500L, null));
        Job after = ((Decision.Applied) decide(job, new SetCredentials(CredentialTarget.SERVER, BEARER))).job();
        assertThat(after.options().serverCredentials()).isEqualTo(BEARER);
        assertThat(after.options().headers()).isEqualTo(job.options().headers());
        assertThat(after.options().maxBytesPerSecond()).isEqualTo(500L);
        assertThat(after.version()).isEqualTo(job.version() + 1);
    }

    @Test
    void remove_drops_one_target_only_and_the_last_secret_s_removal_is_noted() {
        Job both = jobWith(new TransferOptions(null, BASIC, BEARER, null, null, null, null));
        Job serverGone = ((Decision.Applied) decide(both, new RemoveCredentials(CredentialTarget.SERVER))).job();
        assertThat(serverGone.options().serverCredentials()).isNull();
        assertThat(serverGone.options().proxyCredentials()).isEqualTo(BEARER);

        Decision.Applied last = (Decision.Applied) decide(serverGone, new RemoveCredentials(CredentialTarget.PROXY));
        assertThat(last.job().options().hasSecrets()).isFalse();
        assertThat(last.events()).last().satisfies(e -> assertThat(e.note())
                .isEqualTo("the job's headers and credentials were removed"));
    }

    @Test
    void removing_credentials_the_job_does_not_have_changes_nothing() {
        Job job = jobWith(new TransferOptions(null, BASIC, null, null, null, null, null));
        assertThat(decide(job, new RemoveCredentials(CredentialTarget.PROXY))).isEqualTo(new Decision.Unchanged(job));
    }

    @Test
    void bad_credentials_are_refused_naming_the_option_field() {
        Credentials noPassword = new Credentials(Credentials.Scheme.BASIC, Secret.plain("bob"), null);
        assertThat(new SetCredentials(CredentialTarget.SERVER, noPassword).check()).hasValueSatisfying(r -> {
            assertThat(r.code()).isEqualTo(ErrorCode.E_INVALIDARG);
            assertThat(r.detail()).startsWith("options.serverCredentials.password: is required");
        });
        assertThat(new SetCredentials(CredentialTarget.SERVER, null).check()).hasValueSatisfying(r ->
                assertThat(r.detail()).startsWith("options.serverCredentials: credentials are required"));
    }
}
