package io.copyjobs.json;

import io.copyjobs.job.Job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A job as the job step stores it: the JSON GetJob answers with, written once when the job
 * changed, beside what a read must know before answering — the owner (for the access rule), the
 * version (for {@code Copyjobs-Min-Version}) and the ETag. A read therefore neither decodes the job
 * nor encodes it again, which JFR showed as a fifth of a GetJob's CPU; {@link #job()} decodes it
 * for the few readers that need the job itself.
 */
public final class JobDocument {
    private static final byte[] HEADER = "\"headers\":[{".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CREDENTIALS = "Credentials\":{".getBytes(StandardCharsets.US_ASCII);
    private final String owner;
    private final long version;
    private final String etag;
    private final byte[] json;
    private volatile byte[] answer;

    private JobDocument(String owner, long version, String etag, byte[] json) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.version = version;
        this.etag = Objects.requireNonNull(etag, "etag");
        this.json = Objects.requireNonNull(json, "json");
    }

    /** The document of a job: its wire JSON and ETag, computed here once. */
    public static JobDocument of(Job job) {
        return new JobDocument(job.owner(), job.version(), job.etag(), Json.bytes(job));
    }

    /**
     * A document read back from storage: {@code json} must be a job's wire JSON, and the other
     * fields what {@link #of} computed for it (the store's serde checks the bytes' shape, not this).
     */
    public static JobDocument stored(String owner, long version, String etag, byte[] json) {
        return new JobDocument(owner, version, etag, json);
    }

    public String owner() {
        return owner;
    }

    public long version() {
        return version;
    }

    public String etag() {
        return etag;
    }

    /** The job's JSON as stored, sealed secrets and all. The array is this document's own: do not change it. */
    public byte[] json() {
        return json;
    }

    /**
     * The job's JSON as GetJob answers it: the stored JSON itself unless the job has headers or
     * credentials, whose secrets a public answer leaves out ({@link Job#redacted}).
     */
    public byte[] answer() {
        byte[] a = answer;
        if (a == null) {
            a = holdsSecrets(json) ? Json.bytes(job().redacted()) : json;
            answer = a;
        }
        return a;
    }

    /**
     * True when the JSON may hold a secret: a header or credentials object. A string cannot fake
     * one: inside a string the quotes before each colon would be escaped.
     */
    private static boolean holdsSecrets(byte[] json) {
        return contains(json, HEADER) || contains(json, CREDENTIALS);
    }

    private static boolean contains(byte[] data, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= data.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (data[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The job, decoded from its JSON. */
    public Job job() {
        try {
            return Json.wire().readValue(json, Job.class);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored job's JSON is unreadable", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JobDocument d && version == d.version && owner.equals(d.owner) && etag.equals(d.etag)
                && Arrays.equals(json, d.json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(owner, version, etag, Arrays.hashCode(json));
    }

    @Override
    public String toString() {
        return "JobDocument[owner=" + owner + ", version=" + version + ", etag=" + etag + ", " + json.length + " bytes]";
    }
}
