package io.copyjobs.job;

import java.time.Instant;

/**
 * A notification of an accepted change (SetNotifyInterface's callbacks), with the actor that
 * caused it so that an administrator's actions on other people's jobs are auditable.
 * {@code fileIndex} is set for {@link Type#FILE_TRANSFERRED} only. {@code note} is a sentence about
 * the change, or null (TakeOwnership's removal of headers and credentials); events written before it
 * existed read as null, and readers that do not know it ignore it.
 */
public record JobEvent(Type type, JobId jobId, long version, String operation, String actor,
                       String owner, JobState state, Instant at, Integer fileIndex,
                       String note) {

    /** The notification kinds of SPEC §5; {@link #sseName()} is the Server-Sent Event name. */
    public enum Type {
        JOB_MODIFICATION("JobModification"),
        JOB_TRANSFERRED("JobTransferred"),
        JOB_ERROR("JobError"),
        FILE_TRANSFERRED("FileTransferred");

        private final String sseName;

        Type(String sseName) {
            this.sseName = sseName;
        }

        public String sseName() {
            return sseName;
        }
    }
}
