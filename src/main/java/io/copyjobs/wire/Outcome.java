package io.copyjobs.wire;

import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobId;
import io.copyjobs.job.Rejection;

/**
 * The committed result of one command, on {@code outcomes}: the answering node reads it with
 * {@code read_committed} and only then answers the client (SPEC §6).
 *
 * @param job      the job after the command (applied or unchanged), null when rejected and in
 *                 the outcome of a progress report (its sender, the engine, has the job already)
 * @param result   a success code to report beside the job (BG_S_PARTIAL_COMPLETE, S_FALSE), or null
 * @param replayed an Idempotency-Key retry: nothing was applied again; {@code status} is the
 *                 first outcome's and {@code job} the job as it is now
 */
public record Outcome(int schemaVersion, String requestId, JobId jobId, Status status, ErrorCode code,
                      String detail, ErrorCode result, boolean replayed, boolean created, Job job) {

    /** What happened to the command. */
    public enum Status { APPLIED, UNCHANGED, REJECTED }

    public static Outcome applied(String requestId, Job job, ErrorCode result, boolean created) {
        return new Outcome(CommandRecord.SCHEMA_VERSION, requestId, job.id(), Status.APPLIED, null, null, result, false,
                created, job);
    }

    public static Outcome unchanged(String requestId, Job job) {
        return unchanged(requestId, job, null);
    }

    /** A command that changed nothing, with the success code to report beside the job (S_FALSE), or null. */
    public static Outcome unchanged(String requestId, Job job, ErrorCode result) {
        return new Outcome(CommandRecord.SCHEMA_VERSION, requestId, job.id(), Status.UNCHANGED, null, null, result, false,
                false, job);
    }

    public static Outcome rejected(String requestId, JobId jobId, Rejection rejection) {
        return new Outcome(CommandRecord.SCHEMA_VERSION, requestId, jobId, Status.REJECTED, rejection.code(),
                rejection.detail(), null, false, false, null);
    }

    /** A retry answered from the remembered first outcome and the job as it is now. */
    public static Outcome replay(String requestId, IdempotencyRecord first, Job now) {
        return new Outcome(CommandRecord.SCHEMA_VERSION, requestId, first.jobId(), first.status(), first.code(),
                first.detail(), first.result(), true, first.created(), first.status() == Status.REJECTED ? null : now);
    }

    /** The same outcome without the job, for a sender that does not read it. */
    public Outcome withoutJob() {
        return new Outcome(schemaVersion, requestId, jobId, status, code, detail, result, replayed, created, null);
    }

    public Rejection rejection() {
        return code == null ? null : Rejection.of(code, detail);
    }
}
