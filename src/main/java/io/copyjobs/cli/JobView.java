package io.copyjobs.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.json.Json;

import java.util.List;
import java.util.Set;

/**
 * A job as a node sends it (SPEC §1), read for printing. Only what the client shows is here;
 * other fields are ignored, so that a newer node's answers still read.
 */
record JobView(String id, String owner, String displayName, String description, String type, String priority,
               String state, List<FileEntry> files, Totals progress, Times times, JobError error, int errorCount,
               int minimumRetryDelaySeconds, int noProgressTimeoutSeconds, long version, long bytesPerSecond) {

    /** Where {@code monitor} stops: the final states, and the two that wait for a person (Complete or Resume). */
    static final Set<String> END_STATES = Set.of("ACKNOWLEDGED", "CANCELLED", "TRANSFERRED", "ERROR");

    /**
     * One file; {@code bytesTotal} is -1 while unknown. Where its bytes came from and its digest
     * (null until it is complete) are 0, 0 and null from a node of an earlier release.
     */
    record FileEntry(String remoteUrl, String localName, long bytesTotal, long bytesTransferred, boolean completed,
                     long bytesFromOrigin, long bytesFromPeers, String digest) {
    }

    /** BG_JOB_PROGRESS: {@code bytesTotal} is -1 while any file's size is unknown. */
    record Totals(long bytesTotal, long bytesTransferred, int filesTotal, int filesTransferred,
                  long bytesFromOrigin, long bytesFromPeers) {
    }

    /**
     * ISO-8601 instants as the node wrote them; {@code transferCompleted} is null until TRANSFERRED;
     * {@code transferTime} (an ISO-8601 duration, the time spent CONNECTING or TRANSFERRING) is null
     * from a node of an earlier release.
     */
    record Times(String created, String modified, String transferCompleted, String transferTime) {
    }

    /** The job's last transfer error. */
    record JobError(String code, String hresult, String context, String description, Integer fileIndex) {
    }

    JobView {
        files = files == null ? List.of() : List.copyOf(files);
        progress = progress == null ? new Totals(-1, 0, files.size(), 0, 0, 0) : progress;
        times = times == null ? new Times(null, null, null, null) : times;
    }

    static JobView of(JsonNode json) {
        try {
            return Json.wire().treeToValue(json, JobView.class);
        } catch (JsonProcessingException e) {
            throw new CliFailure(CliFailure.UNEXPECTED, "the node's answer is not a job: " + e.getOriginalMessage(),
                    Exit.UNUSABLE);
        }
    }

    boolean ended() {
        return END_STATES.contains(state);
    }

    /** {@code monitor} and {@code transfer} fail (exit 1) when the job ends like this. */
    boolean failed() {
        return state.equals("ERROR") || state.equals("CANCELLED");
    }
}
