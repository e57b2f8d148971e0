package io.copyjobs.streams;

import io.copyjobs.job.JobState;
import io.copyjobs.wire.IndexEntry;

import java.time.Instant;
import java.util.Locale;

/**
 * The keys of the owner index. Within a prefix the order is newest first (inverted creation
 * time), then by id, so a page resumes after the last key it returned and stays stable while
 * jobs are added. Non-final and final jobs are kept apart so that the default list (non-final
 * jobs) never walks past final ones.
 *
 * <pre>
 *   O \0 owner \0 A|F \0 inverted-created \0 id    one owner's list
 *   G \0 A|F \0 inverted-created \0 id             everyone's list, per partition (allUsers)
 * </pre>
 */
public final class OwnerIndexKeys {
    static final char SEP = '\u0000';
    /** Sorts after every character a key can hold, to end a prefix range. */
    static final String END = "\uffff";

    private OwnerIndexKeys() {
    }

    public static String bucket(JobState state) {
        return state.isFinal() ? "F" : "A";
    }

    /** The prefix of one owner's entries in one bucket. */
    public static String ownerPrefix(String owner, String bucket) {
        return "O" + SEP + owner + SEP + bucket + SEP;
    }

    /** The prefix of everyone's entries in one bucket. */
    public static String globalPrefix(String bucket) {
        return "G" + SEP + bucket + SEP;
    }

    /** The sort part of an entry: newest first, then by id. */
    public static String sortKey(Instant created, String id) {
        return String.format(Locale.ROOT, "%016x", Long.MAX_VALUE - created.toEpochMilli()) + SEP + id;
    }

    static String ownerKey(IndexEntry e) {
        return ownerPrefix(e.owner(), bucket(e.state())) + sortKey(e.created(), e.id().toString());
    }

    static String ownerKey(IndexEntry e, JobState state) {
        return ownerPrefix(e.owner(), bucket(state)) + sortKey(e.created(), e.id().toString());
    }

    static String globalKey(IndexEntry e, JobState state) {
        return globalPrefix(bucket(state)) + sortKey(e.created(), e.id().toString());
    }

    /** The first key after {@code sortKey} within {@code prefix}: where the next page starts. */
    public static String after(String prefix, String sortKey) {
        return prefix + sortKey + SEP;
    }

    public static String end(String prefix) {
        return prefix + END;
    }
}
