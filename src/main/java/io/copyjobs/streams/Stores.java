package io.copyjobs.streams;

import io.copyjobs.json.JobDocument;
import io.copyjobs.kafka.JsonSerde;
import io.copyjobs.kafka.Topic;
import io.copyjobs.kafka.Topics;
import io.copyjobs.wire.IdempotencyRecord;
import io.copyjobs.wire.IndexEntry;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.util.List;

/**
 * The state stores of the two steps. Their names are part of the changelog topic names, so they
 * never change between releases.
 */
public final class Stores {
    private static final Serde<String> KEY = Serdes.String();

    /** Job step: job id → the job, as the JSON GetJob answers with (GetJob's interactive query). */
    public static final Topic<String, JobDocument> JOBS = new Topic<>("jobs", KEY, new JobDocumentSerde());
    /** Job step: job id, caller, Idempotency-Key → first outcome. */
    public static final Topic<String, IdempotencyRecord> JOB_KEYS =
            new Topic<>("job-keys", KEY, JsonSerde.stamped(IdempotencyRecord.class));
    /** Job step: when jobs and keys fall due for retention, idle cancel or expiry. */
    public static final Topic<String, String> JOB_EXPIRY = new Topic<>("job-expiry", KEY, Serdes.String());
    /** Job step: state name → number of jobs in that state in the partition (for the jobs-by-state gauge). */
    public static final Topic<String, Long> JOB_COUNTS = new Topic<>("job-counts", KEY, Serdes.Long());
    /** Job step: ids of the jobs the transfer engine must act on (QUEUED … TRANSIENT_ERROR). */
    public static final Topic<String, String> JOB_WORK = new Topic<>("job-work", KEY, Serdes.String());
    /** Owner step: the owner lists and the all-users list, newest first. */
    public static final Topic<String, IndexEntry> OWNER_INDEX =
            new Topic<>("owner-index", KEY, JsonSerde.stamped(IndexEntry.class));
    /** Owner step: owner → number of non-final jobs (the quota). */
    public static final Topic<String, Long> OWNER_QUOTA = new Topic<>("owner-quota", KEY, Serdes.Long());
    /** Owner step: owner and Idempotency-Key of a CreateJob → the job it made. */
    public static final Topic<String, IdempotencyRecord> CREATE_KEYS =
            new Topic<>("create-keys", KEY, JsonSerde.stamped(IdempotencyRecord.class));
    /** Owner step: when create keys expire. */
    public static final Topic<String, String> OWNER_EXPIRY = new Topic<>("owner-expiry", KEY, Serdes.String());

    /** Every store of the topology ({@code CopyJobsTopology} adds exactly these; a test holds the two together). */
    public static final List<Topic<String, ?>> ALL = List.of(JOBS, JOB_KEYS, JOB_EXPIRY, JOB_COUNTS, JOB_WORK,
            OWNER_INDEX, OWNER_QUOTA, CREATE_KEYS, OWNER_EXPIRY);

    private Stores() {
    }

    /**
     * The stores' changelog topics, named as Kafka Streams names them ({@code <application id>-<store>-changelog})
     * and kept as it keeps them (compacted, no retention), so that a node can create them with its
     * own topics instead of leaving them to the first rebalance.
     */
    public static List<Topics.Layout> changelogs(String applicationId) {
        return ALL.stream().map(s -> new Topics.Layout(applicationId + "-" + s.name() + "-changelog", true, null)).toList();
    }
}
