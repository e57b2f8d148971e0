package io.copyjobs.json;

import io.copyjobs.job.Credentials;
import io.copyjobs.job.Header;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobSpec;
import io.copyjobs.job.Secret;
import io.copyjobs.job.TransferOptions;
import io.copyjobs.secrets.SecretBox;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 18: a job's secrets are boxes on the wire, values only in a client's input, and absent from answers. */
class JobSecretsJsonTest {
    private static final SecretBox BOX = SecretBox.derivedFrom(new byte[32]);

    @Test
    void a_client_sends_values_the_wire_holds_boxes_and_an_answer_holds_neither() throws Exception {
        String body = "{\"displayName\":\"n\",\"options\":{\"headers\":[{\"name\":\"X-Api-Key\",\"value\":\"k-123\"}],"
                + "\"serverCredentials\":{\"scheme\":\"BASIC\",\"userName\":\"alice\",\"password\":\"pw-456\"}}}";
        JobSpec plain = Json.strict().readValue(body, JobSpec.class);
        assertThat(plain.options().headers().get(0).value().plainText()).isEqualTo("k-123");

        Job job = Job.create(JobId.random(), "alice", plain.withSecrets(BOX::seal), Instant.EPOCH);
        String wire = new String(Json.bytes(job), StandardCharsets.UTF_8);
        assertThat(wire).contains("X-Api-Key", "cjs1.").doesNotContain("k-123", "pw-456", "alice\",\"password");

        Job back = Json.wire().readValue(wire, Job.class);
        assertThat(BOX.open(back.options().headers().get(0).value())).isEqualTo("k-123");
        assertThat(BOX.open(back.options().serverCredentials().password())).isEqualTo("pw-456");

        String answer = new String(JobDocument.of(job).answer(), StandardCharsets.UTF_8);
        assertThat(answer).contains("\"headers\":[{\"name\":\"X-Api-Key\"}]", "\"serverCredentials\":{\"scheme\":\"BASIC\"}")
                .doesNotContain("cjs1.", "k-123", "pw-456");
        assertThat(JobDocument.stored(job.owner(), job.version(), job.etag(), Json.bytes(job)).answer())
                .isEqualTo(JobDocument.of(job).answer());
    }

    @Test
    void a_job_without_secrets_is_answered_with_its_stored_bytes() {
        Job job = Job.create(JobId.random(), "bob", new JobSpec("n", null, null, null, null, null, null,
                new TransferOptions(null, null, null, null, null, 1000L, null)), Instant.EPOCH);
        JobDocument document = JobDocument.of(job);

        assertThat(document.answer()).isSameAs(document.json());
        assertThat(job.options().maxBytesPerSecond()).isEqualTo(1000L);
        assertThat(job.options().headers()).isEmpty();
    }

    @Test
    void a_secret_in_a_log_line_is_stars() {
        Header header = new Header("X-Api-Key", Secret.plain("k-123"));
        Credentials credentials = new Credentials(Credentials.Scheme.BEARER, null, Secret.plain("tok"));
        assertThat(header + " " + credentials + " " + new TransferOptions(List.of(header), credentials, null, null,
                null, null, null)).doesNotContain("k-123", "tok").contains("***");
    }
}
