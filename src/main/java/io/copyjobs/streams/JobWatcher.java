package io.copyjobs.streams;

import io.copyjobs.job.Job;
import io.copyjobs.job.JobState;

import java.util.List;
import java.util.Optional;

/**
 * Told by the job step about jobs in this node's active partitions that the transfer engine must
 * act on. Called on a stream thread: implementations hand the news over and return at once.
 */
public interface JobWatcher {

    /** A job changed (any state; a purged job comes as its last snapshot with {@code purged}). */
    void changed(Job job, int partition, boolean purged);

    /**
     * The job step of {@code partition} runs on this node: {@code work} reads its jobs that are
     * QUEUED, CONNECTING, TRANSFERRING or in TRANSIENT_ERROR, on the caller's thread, for as long as
     * its stores are open. The engine reads it about once a second: after a restart or a move of the
     * partition this is how it learns of work it was never told about. (A punctuation on the stream
     * thread would do the same at the price of a transaction per second and partition: Streams
     * commits after every punctuation, whether it changed anything or not.)
     */
    void opened(int partition, Work work);

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
        public void opened(int partition, Work work) {
        }

        @Override
        public void revoked(int partition) {
        }
    };

    /** One partition's work, read from the job step's stores. */
    @FunctionalInterface
    interface Work {
        /** The jobs the engine must act on; empty once the stores have closed. */
        Optional<List<Job>> read();
    }

    /** States in which a job needs the engine. */
    static boolean needsEngine(Job job) {
        return job.state().isActive() || job.state() == JobState.TRANSIENT_ERROR;
    }
}
