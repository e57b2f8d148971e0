package io.copyjobs.job;

import java.util.List;

/**
 * What a client asks for in CreateJob. Absent optional values are null and take the defaults of
 * SPEC §1 when the job is made ({@link Job#create}).
 */
public record JobSpec(String displayName, String description, JobType type, Priority priority,
                      List<FileSpec> files, Integer minimumRetryDelaySeconds,
                      Integer noProgressTimeoutSeconds) {
    public JobSpec {
        files = files == null ? List.of() : List.copyOf(files);
    }
}
