package io.copyjobs.transfer;

import io.copyjobs.job.TransferOptions;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * A node's bandwidth limits (issue 18): one {@link TokenBucket} for the node
 * ({@code COPYJOBS_MAX_BYTES_PER_SECOND}) and one per job that has a limit of its own
 * ({@code options.maxBytesPerSecond}), shared by the job's running transfers on this node. A
 * download {@link #open opens} a {@link Throttle} and pays each read to every bucket that applies.
 */
final class Bandwidth {
    private final TokenBucket node;
    private final LongSupplier nanoTime;
    private final Map<Path, Shared> jobs = new HashMap<>();

    /** @param nodeBytesPerSecond 0: no node-wide limit */
    Bandwidth(long nodeBytesPerSecond, LongSupplier nanoTime) {
        this.node = nodeBytesPerSecond > 0 ? new TokenBucket(nodeBytesPerSecond, nanoTime) : null;
        this.nanoTime = nanoTime;
    }

    /** The throttle of one download of the task's job (its directory names it); close it when done. */
    synchronized Throttle open(FileTask task) {
        TransferOptions options = task.options();
        long jobRate = options.maxBytesPerSecond() == null ? 0 : options.maxBytesPerSecond();
        if (jobRate <= 0) {
            return new Throttle(node == null ? List.of() : List.of(node), nanoTime, () -> { });
        }
        Path job = task.jobDir();
        Shared shared = jobs.computeIfAbsent(job, j -> new Shared(new TokenBucket(jobRate, nanoTime)));
        shared.bucket.rate(jobRate);
        shared.users++;
        List<TokenBucket> buckets = node == null ? List.of(shared.bucket) : List.of(node, shared.bucket);
        return new Throttle(buckets, nanoTime, () -> release(job));
    }

    private synchronized void release(Path job) {
        Shared shared = jobs.get(job);
        if (shared != null && --shared.users == 0) {
            jobs.remove(job);
        }
    }

    /** A job's bucket and how many of its downloads use it. */
    private static final class Shared {
        private final TokenBucket bucket;
        private int users;

        Shared(TokenBucket bucket) {
            this.bucket = bucket;
        }
    }

    /** One download's limits: {@link #pay} after each read. */
    static final class Throttle implements AutoCloseable {
        private final List<TokenBucket> buckets;
        private final LongSupplier nanoTime;
        private final Runnable release;

        /** Waits on {@code nanoTime}, the buckets' own clock, so that a debt and its wait agree. */
        Throttle(List<TokenBucket> buckets, LongSupplier nanoTime, Runnable release) {
            this.buckets = buckets;
            this.nanoTime = nanoTime;
            this.release = release;
        }

        /**
         * Pays {@code bytes} to every bucket and waits out the longest debt, in slices of at most
         * {@value Connector#TICK_MILLIS} ms, so that a Suspend or Cancel still stops the download at once.
         *
         * @return false when {@code cancelled} became true while waiting
         */
        boolean pay(long bytes, BooleanSupplier cancelled) throws InterruptedException {
            long wait = 0;
            for (TokenBucket bucket : buckets) {
                wait = Math.max(wait, bucket.reserve(bytes));
            }
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
