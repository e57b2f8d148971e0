package io.copyjobs.job;

import java.time.Instant;
import java.util.Objects;

/** BG_JOB_TIMES; {@code transferCompleted} is null until the job reaches TRANSFERRED. */
public record Times(Instant created, Instant modified, Instant transferCompleted) {
    public Times {
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(modified, "modified");
    }
}
