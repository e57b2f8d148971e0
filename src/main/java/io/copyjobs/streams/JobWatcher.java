package io.copyjobs.streams;

import io.copyjobs.job.Job;

import java.util.List;

/**
 * Told by the job step about jobs in this node's active partitions that the transfer engine must
 * act on. Called on a stream thread: implementations hand the news over and return at once.
 */
public interface JobWatcher {

    /** A job changed (any state; a purged job comes as its last snapshot with {@code purged}). */
    void changed(Job job, int partition, boolean purged);

    /**
     * Every job of one active partition that is QUEUED, CONNECTING, TRANSFERRING or in
     * TRANSIENT_ERROR, about once a second: after a restart or a move of the partition this is how
     * the engine learns of work it was never told about.
     */
    void active(int partition, List<Job> jobs);

    /**
     * The partition is leaving this node (revoked, or the node stops): its transfers must stop
     * before another node takes them up. May block briefly; called on the stream thread.
     */
    void revoked(int partition);

    /** Watches nothing (tests of the processor alone). */
    JobWatcher NONE = new JobWatcher() {
        @Override
        public void changed(Job job, int partition, boolean purged) {
        }

        @Override
        public void active(int partition, List<Job> jobs) {
        }

        @Override
        public void revoked(int partition) {
        }
    };

    /** States in which a job needs the engine. */
    static boolean needsEngine(Job job) {
        return job.state().isActive() || job.state() == io.copyjobs.job.JobState.TRANSIENT_ERROR;
    }
}
