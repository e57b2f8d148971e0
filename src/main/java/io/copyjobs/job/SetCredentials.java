package io.copyjobs.job;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * IBackgroundCopyJob2::SetCredentials: the job's credentials for {@code target}, replacing any it
 * had. The credentials reach Kafka sealed, like those of CreateJob's options; the rules are
 * options' rules, so that a route and a PATCH of {@code options.serverCredentials} accept the same.
 */
public record SetCredentials(CredentialTarget target, Credentials credentials) implements Command.JobCommand {
    public SetCredentials {
        Objects.requireNonNull(target, "target");
    }

    /** This command with its secrets passed through {@code seal}. */
    public SetCredentials withSecrets(UnaryOperator<Secret> seal) {
        return credentials == null ? this : new SetCredentials(target, credentials.with(seal));
    }

    @Override
    public Optional<Rejection> refusal(Job job) {
        return check();
    }

    /** The first problem with these credentials, as {@link JobRules#checkChanges} names it. */
    public Optional<Rejection> check() {
        if (credentials == null) {
            return Optional.of(Rejection.of(ErrorCode.E_INVALIDARG, "options." + target.option()
                    + ": credentials are required; to remove them, delete them"));
        }
        return JobRules.checkChanges(new PropertyChanges(null, null, null, null, null, target.options(credentials)));
    }

    @Override
    public Job applyTo(Job job, Actor actor, Instant now) {
        TransferOptions options = target.options(credentials).over(job.options());
        return options.equals(job.options()) ? job : job.change(now).options(options).build();
    }
}
