package io.copyjobs.streams;

import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.JobId;

import java.time.Instant;

/**
 * What is kept of a command sent with an Idempotency-Key: its first outcome's status and code,
 * never the whole answer, so that kept keys stay small however large the job grows.
 */
public record IdempotencyRecord(JobId jobId, Outcome.Status status, ErrorCode code, String detail,
                                ErrorCode result, boolean created, Instant at) {

    public static IdempotencyRecord of(Outcome first, Instant at) {
        String detail = first.detail() == null || first.detail().length() <= 512 ? first.detail()
                : first.detail().substring(0, 512);
        return new IdempotencyRecord(first.jobId(), first.status(), first.code(), detail, first.result(),
                first.created(), at);
    }
}
