package io.copyjobs.wire;

import io.copyjobs.job.Actor;
import io.copyjobs.job.Command;
import io.copyjobs.job.JobId;

import java.time.Instant;
import java.util.Objects;

/**
 * A command as it travels on {@code owner-commands} (CreateJob, keyed by owner) and
 * {@code commands} (keyed by job id). The node that verified the caller's token writes the
 * subject and role here; Kafka is the trust boundary (SPEC §4).
 *
 * @param requestId      the id the answering node waits for on {@code outcomes}
 * @param jobId          null until the owner step has minted it
 * @param issuedAt       when the owner step minted the job (the job's creation time), else when sent
 * @param replay         a CreateJob the owner step has seen before under the same Idempotency-Key
 */
public record CommandRecord(int schemaVersion, String requestId, JobId jobId, String actor, boolean admin,
                            String idempotencyKey, Instant issuedAt, boolean replay, Command command) {
    /**
     * The version every record and stored value carries. 2: file entries and progress reports
     * carry {@code bytesFromOrigin}, {@code bytesFromPeers} and {@code digest} (absent in 1).
     */
    public static final int SCHEMA_VERSION = 2;

    public CommandRecord {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(issuedAt, "issuedAt");
    }

    public static CommandRecord of(String requestId, JobId jobId, Actor actor, String idempotencyKey, Instant at,
                                   Command command) {
        return new CommandRecord(SCHEMA_VERSION, requestId, jobId, actor.subject(), actor.admin(), idempotencyKey, at,
                false, command);
    }

    public Actor actorValue() {
        return new Actor(actor, admin);
    }

    /** The same command addressed to a minted job. */
    public CommandRecord forJob(JobId id, Instant mintedAt, boolean isReplay) {
        return new CommandRecord(schemaVersion, requestId, id, actor, admin, idempotencyKey, mintedAt, isReplay, command);
    }
}
