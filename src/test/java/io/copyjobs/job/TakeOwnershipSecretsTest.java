package io.copyjobs.job;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** TakeOwnership leaves the old owner's headers and credentials behind (issue 18), as BITS drops credentials. */
class TakeOwnershipSecretsTest {
    @Test
    void the_new_owner_gets_the_job_without_headers_or_credentials_but_with_its_other_options() {
        TransferOptions secret = new TransferOptions(List.of(new Header("X-Key", Secret.sealed("cjs1.a"))),
                new Credentials(Credentials.Scheme.BEARER, null, Secret.sealed("cjs1.b")), null, null, true, 500L, 60)
                .over(TransferOptions.NONE);
        Job job = JobStateMachineTest.jobIn(JobState.SUSPENDED).change(JobStateMachineTest.T1).options(secret).build();
        Decision.Applied d = (Decision.Applied) JobStateMachine.decide(JobStateMachineTest.ID, Optional.of(job),
                new Command.TakeOwnership(), JobStateMachineTest.ADMIN, JobStateMachineTest.T1);
        assertThat(d.job().options().hasSecrets()).isFalse();
        assertThat(d.job().options().maxBytesPerSecond()).isEqualTo(500L);
        assertThat(d.job().options().allowSecureToNonSecureRedirect()).isTrue();
        assertThat(job.options().hasSecrets()).as("the test starts from a job with secrets").isTrue();
        assertThat(d.events()).last().satisfies(e -> {
            assertThat(e.type()).isEqualTo(JobEvent.Type.JOB_MODIFICATION);
            assertThat(e.note()).isEqualTo("the job's headers and credentials were removed");
        });
    }
}
