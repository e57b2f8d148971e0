package io.copyjobs.transfer;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Passes a download's progress on to its listener no more often than every interval or every so
 * many bytes, whichever comes first, because each report becomes a command on a Kafka topic: once
 * per network buffer would be thousands a second.
 */
final class ProgressThrottle {
    private final ProgressListener listener;
    private final long intervalNanos;
    private final long bytes;
    private final LongSupplier nanoClock;
    private long lastNanos;
    private long lastBytes;

    ProgressThrottle(ProgressListener listener, Duration interval, long bytes, LongSupplier nanoClock) {
        this.listener = listener;
        this.intervalNanos = interval.toNanos();
        this.bytes = bytes;
        this.nanoClock = nanoClock;
    }

    /** Reports now whatever the pace: the first figures of an accepted response. */
    void report(long total, long transferred) {
        listener.progress(total, transferred);
        lastNanos = nanoClock.getAsLong();
        lastBytes = transferred;
    }

    /** Reports when the interval has passed or enough bytes arrived since the last report. */
    void offer(long total, long transferred) {
        if (nanoClock.getAsLong() - lastNanos >= intervalNanos || transferred - lastBytes >= bytes) {
            report(total, transferred);
        }
    }
}
