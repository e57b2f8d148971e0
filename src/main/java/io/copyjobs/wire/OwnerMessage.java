package io.copyjobs.wire;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.copyjobs.job.JobState;

import java.util.Objects;

/**
 * What the owner step reads from {@code owner-commands}, keyed by owner: CreateJob requests from
 * nodes, and index updates from the job step when a job changes state, name or owner and its owner
 * lives in another partition than the job (the job step of the owner's own partition changes the
 * owner's list in place).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = OwnerMessage.Create.class, name = "create"),
        @JsonSubTypes.Type(value = OwnerMessage.IndexUpdate.class, name = "index")})
public sealed interface OwnerMessage {

    /** A CreateJob to mint an id for, check against the quota and hand to the job step. */
    record Create(CommandRecord command) implements OwnerMessage {
        public Create {
            Objects.requireNonNull(command, "command");
        }
    }

    /**
     * A job's entry in its owner's list changed. {@code previousState} is the state the entry had
     * (null when the entry is new to this owner, as after TakeOwnership); {@code removed} drops
     * the entry (purge, or the old owner's side of TakeOwnership).
     */
    record IndexUpdate(int schemaVersion, IndexEntry entry, JobState previousState, boolean removed)
            implements OwnerMessage {
        public IndexUpdate {
            Objects.requireNonNull(entry, "entry");
        }
    }
}
