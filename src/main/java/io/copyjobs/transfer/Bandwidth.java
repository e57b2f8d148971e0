package io.copyjobs.transfer;

import io.copyjobs.content.Pacer;
import io.copyjobs.job.TransferOptions;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * A node's bandwidth limits (issue 18): one {@link TokenBucket} for the node
 * ({@code COPYJOBS_MAX_BYTES_PER_SECOND}) and one per job that has a limit of its own
 * ({@code options.maxBytesPerSecond}), shared by the job's running transfers on this node. A
 * download {@link #open opens} a {@link Throttle} and pays each read to every bucket that applies;
 * {@link #limit} changes a job's limit under its running downloads (a PATCH, seen by the engine).
 */
final class Bandwidth {
    private final TokenBucket node;
    private final LongSupplier nanoTime;
    private final Map<String, Shared> jobs = new HashMap<>();

    /** @param nodeBytesPerSecond 0: no node-wide limit */
    Bandwidth(long nodeBytesPerSecond, LongSupplier nanoTime) {
        this.node = nodeBytesPerSecond > 0 ? new TokenBucket(nodeBytesPerSecond, nanoTime) : null;
        this.nanoTime = nanoTime;
    }

    /** The throttle of one download of the task's job; close it when done. */
    synchronized Throttle open(FileTask task) {
        String job = task.limitKey();
        Shared shared = jobs.computeIfAbsent(job, j -> new Shared());
        shared.limit(rate(task.options()), nanoTime);
        shared.users++;
        return new Throttle(node, shared, nanoTime, () -> release(job));
    }

    /** The job's limit from now on, for the downloads it runs on this node; none running: nothing to do. */
    synchronized void limit(String job, TransferOptions options) {
        Shared shared = jobs.get(job);
        if (shared != null) {
            shared.limit(rate(options), nanoTime);
        }
    }

    private static long rate(TransferOptions options) {
        return options.maxBytesPerSecond() == null ? 0 : options.maxBytesPerSecond();
    }

    private synchronized void release(String job) {
        Shared shared = jobs.get(job);
        if (shared != null && --shared.users == 0) {
            jobs.remove(job);
        }
    }

    /** A job's bucket (null while it has no limit of its own) and how many of its downloads use it. */
    private static final class Shared {
        private volatile TokenBucket bucket;
        private int users;

        void limit(long bytesPerSecond, LongSupplier nanoTime) {
            TokenBucket now = bucket;
            if (bytesPerSecond <= 0) {
                bucket = null;
            } else if (now == null) {
                bucket = new TokenBucket(bytesPerSecond, nanoTime);
            } else {
                now.rate(bytesPerSecond);
            }
        }
    }

    /** One download's limits: {@link #pay} after each read. */
    static final class Throttle implements Pacer, AutoCloseable {
        private final TokenBucket node;
        private final Shared job;
        private final LongSupplier nanoTime;
        private final Runnable release;

        /** Waits on {@code nanoTime}, the buckets' own clock, so that a debt and its wait agree. */
        private Throttle(TokenBucket node, Shared job, LongSupplier nanoTime, Runnable release) {
            this.node = node;
            this.job = job;
            this.nanoTime = nanoTime;
            this.release = release;
        }

        /**
         * Pays {@code bytes} to the node's bucket and to the job's as it is now, and waits out the
         * longer debt, in slices of at most {@value Connector#TICK_MILLIS} ms, so that a Suspend or
         * Cancel still stops the download at once.
         *
         * @return false when {@code cancelled} became true while waiting
         */
        @Override
        public boolean pay(long bytes, BooleanSupplier cancelled) throws InterruptedException {
            TokenBucket jobBucket = job.bucket;
            long wait = Math.max(node == null ? 0 : node.reserve(bytes), jobBucket == null ? 0 : jobBucket.reserve(bytes));
            long until = nanoTime.getAsLong() + wait;
            for (long left = wait; left > 0; left = until - nanoTime.getAsLong()) {
                if (cancelled.getAsBoolean()) {
                    return false;
                }
                TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(Connector.TICK_MILLIS)));
            }
            return !cancelled.getAsBoolean();
        }

        @Override
        public void close() {
            release.run();
        }
    }
}
