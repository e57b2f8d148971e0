package io.copyjobs.transfer;

import java.util.function.LongSupplier;

/**
 * A bandwidth limit as a token bucket that runs into debt: {@link #reserve} takes the bytes at once
 * and answers how long the caller must wait before taking more, so the limit holds on average over
 * any span (no sleep per chunk that drifts), and callers sharing a bucket are served in the order
 * they came, each waiting for the debt before it: concurrent readers of similar chunks get equal
 * shares. The bucket holds at most a tenth of a second of credit, so an idle spell buys no burst
 * worth mentioning. Thread-safe.
 */
final class TokenBucket {
    private static final long NANOS = 1_000_000_000L;
    private static final long BURST_DIVISOR = 10;

    private final LongSupplier nanoTime;
    private long bytesPerSecond;
    private double tokens;
    private long last;

    /** A full bucket of {@code bytesPerSecond} (positive) on {@code nanoTime}'s clock. */
    TokenBucket(long bytesPerSecond, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.last = nanoTime.getAsLong();
        this.bytesPerSecond = positive(bytesPerSecond);
        this.tokens = capacity();
    }

    /** Takes {@code bytes}; answers the nanoseconds until the bucket is out of debt again (0: not in debt). */
    synchronized long reserve(long bytes) {
        refill();
        tokens -= bytes;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens * NANOS / bytesPerSecond);
    }

    /** Changes the rate from now on (a SetProperties of the job's limit); the debt stays. */
    synchronized void rate(long bytesPerSecond) {
        refill();
        this.bytesPerSecond = positive(bytesPerSecond);
        tokens = Math.min(tokens, capacity());
    }

    synchronized long rate() {
        return bytesPerSecond;
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(capacity(), tokens + (double) (now - last) * bytesPerSecond / NANOS);
        last = now;
    }

    private double capacity() {
        return Math.max(1.0, (double) bytesPerSecond / BURST_DIVISOR);
    }

    private static long positive(long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("a rate must be positive, not " + bytesPerSecond);
        }
        return bytesPerSecond;
    }
}
