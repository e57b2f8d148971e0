package io.copyjobs.job;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What a client asks for in CreateJob. Absent optional values are null and take the defaults of
 * SPEC §1 when the job is made ({@link Job#create}); {@code options} holds plain secrets until the
 * HTTP edge seals them ({@link #withSecrets}).
 */
public record JobSpec(String displayName, String description, JobType type, Priority priority,
                      List<FileSpec> files, Integer minimumRetryDelaySeconds,
                      Integer noProgressTimeoutSeconds, TransferOptions options) {
    public JobSpec {
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** This spec with its options' secrets passed through {@code seal}. */
    public JobSpec withSecrets(UnaryOperator<Secret> seal) {
        return options == null ? this : new JobSpec(displayName, description, type, priority, files,
                minimumRetryDelaySeconds, noProgressTimeoutSeconds, options.withSecrets(seal));
    }
}
