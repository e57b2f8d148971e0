package io.copyjobs.wire;

import io.copyjobs.job.Job;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobState;

import java.time.Instant;

/** A job as its owner's list shows it: enough to list, filter and page without reading the job. */
public record IndexEntry(JobId id, String owner, JobState state, Instant created, String displayName) {

    public static IndexEntry of(Job job) {
        return new IndexEntry(job.id(), job.owner(), job.state(), job.times().created(), job.displayName());
    }
}
