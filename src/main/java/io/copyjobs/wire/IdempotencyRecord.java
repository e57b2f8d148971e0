package io.copyjobs.wire;

import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import io.copyjobs.job.Command;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.JobId;
import io.copyjobs.job.Rejection;
import io.copyjobs.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;

/**
 * What is kept of a command sent with an Idempotency-Key: its first outcome's status and code,
 * never the whole answer, so that kept keys stay small however large the job grows; and the
 * fingerprint of the request, so that the key answers only the request it was first sent with.
 *
 * @param fingerprint {@link #fingerprint(Command)} of the first request; null in records kept
 *                    before fingerprints were (they match any request, see {@link #sameRequest})
 */
public record IdempotencyRecord(JobId jobId, Outcome.Status status, ErrorCode code, String detail,
                                ErrorCode result, boolean created, Instant at, String fingerprint) {

    public static IdempotencyRecord of(Outcome first, Instant at, String fingerprint) {
        String detail = first.detail() == null || first.detail().length() <= 512 ? first.detail()
                : first.detail().substring(0, 512);
        return new IdempotencyRecord(first.jobId(), first.status(), first.code(), detail, first.result(),
                first.created(), at, fingerprint);
    }

    /** The record of a CreateJob that made job {@code id}. */
    public static IdempotencyRecord created(JobId id, Instant at, String fingerprint) {
        return new IdempotencyRecord(id, Outcome.Status.APPLIED, null, null, null, true, at, fingerprint);
    }

    /** The answer to a kept key sent with another request: as payment APIs do, refused, not replayed. */
    public static Rejection reused() {
        return Rejection.of(ErrorCode.CJ_E_IDEMPOTENCY_KEY_REUSED, "Idempotency-Key: already used for another "
                + "request (another operation or body); send a new key with a new request");
    }

    /**
     * True when a retry carries the request this key was first sent with. A record without a
     * fingerprint was kept by a node of an earlier release: refusing it would turn honest retries
     * across an upgrade into errors, and such records expire within one idempotency TTL.
     */
    public boolean sameRequest(String retried) {
        return fingerprint == null || fingerprint.equals(retried);
    }

    /**
     * SHA-256 of the operation and the command's canonical JSON: properties sorted, nulls left out
     * (so a field added later with no value does not change it). Nothing volatile is in it: the
     * request id, the time and the caller travel beside the command, and the caller and job are
     * part of the key already.
     */
    public static String fingerprint(Command command) {
        try {
            byte[] json = Json.wire().writer()
                    .with(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
                    .without(JsonNodeFeature.WRITE_NULL_PROPERTIES)
                    .writeValueAsBytes(Json.wire().valueToTree(command));
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((command.operation() + "\n").getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
