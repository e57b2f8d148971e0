package io.copyjobs.http;

import io.copyjobs.job.CredentialTarget;
import io.copyjobs.job.Credentials;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.RemoveCredentials;
import io.copyjobs.job.SetCredentials;
import io.copyjobs.secrets.SecretBox;
import io.javalin.http.Context;

/**
 * {@code PUT} and {@code DELETE /v1/jobs/{id}/credentials/{server|proxy}}: BITS SetCredentials and
 * RemoveCredentials. The body of a PUT is the credentials object of {@code options}; like every
 * secret it is checked in clear here and sealed before it leaves for Kafka.
 */
final class CredentialsController {
    private final JobController jobs;
    private final SecretBox secrets;

    CredentialsController(JobController jobs, SecretBox secrets) {
        this.jobs = jobs;
        this.secrets = secrets;
    }

    /** PUT: the job's credentials for the target replace any it had. */
    void set(Context ctx) {
        CredentialTarget target = target(ctx);
        SetCredentials plain = new SetCredentials(target, Bodies.read(ctx, Credentials.class));
        plain.check().ifPresent(r -> {
            throw new ProblemException(r);
        });
        jobs.command(ctx, plain.withSecrets(secrets::seal));
    }

    /** DELETE: the job sends no credentials to the target any more; bodiless. */
    void remove(Context ctx) {
        CredentialTarget target = target(ctx);
        Bodies.readOptionalEmpty(ctx);
        jobs.command(ctx, new RemoveCredentials(target));
    }

    private static CredentialTarget target(Context ctx) {
        String name = ctx.pathParam("target");
        return CredentialTarget.named(name).orElseThrow(() -> ProblemException.of(ErrorCode.E_INVALIDARG,
                "target: credentials are for \"server\" or \"proxy\", not \"" + name + "\""));
    }
}
