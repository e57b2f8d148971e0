package io.copyjobs.job;

import java.time.Instant;
import java.util.Objects;

/**
 * IBackgroundCopyJob2::RemoveCredentials: the job sends no credentials to {@code target} any more.
 * Removing credentials a job does not have changes nothing and succeeds (BITS answers S_FALSE).
 */
public record RemoveCredentials(CredentialTarget target) implements Command.JobCommand {
    public RemoveCredentials {
        Objects.requireNonNull(target, "target");
    }

    @Override
    public Job applyTo(Job job, Actor actor, Instant now) {
        return target.of(job.options()) == null ? job
                : job.change(now).options(job.options().withoutCredentials(target)).build();
    }
}
