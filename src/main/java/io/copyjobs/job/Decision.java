package io.copyjobs.job;

import java.util.List;
import java.util.Objects;

/** What the state machine decided about one command. */
public sealed interface Decision {

    /**
     * The command changed the job: the new snapshot, its notifications, and a success code to
     * report beside it (BG_S_PARTIAL_COMPLETE), or null for plain success.
     */
    record Applied(Job job, List<JobEvent> events, ErrorCode result) implements Decision {
        public Applied {
            Objects.requireNonNull(job, "job");
            events = List.copyOf(events);
        }
    }

    /**
     * The command was allowed but changed nothing (Resume of a QUEUED job): same version, and a
     * success code to report beside it (S_FALSE: ReplaceRemotePrefix matched no file), or null.
     */
    record Unchanged(Job job, ErrorCode result) implements Decision {
        public Unchanged {
            Objects.requireNonNull(job, "job");
        }

        public Unchanged(Job job) {
            this(job, null);
        }
    }

    /** The command was refused; the job, if any, is as it was. */
    record Rejected(Rejection rejection) implements Decision {
        public Rejected {
            Objects.requireNonNull(rejection, "rejection");
        }
    }
}
