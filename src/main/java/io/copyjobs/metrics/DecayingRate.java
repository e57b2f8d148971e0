package io.copyjobs.metrics;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A rate over the last few seconds, as an exponentially weighted sum: every count added decays
 * with time constant {@code tau}, so a steady flow of r per second holds the sum at r × tau and
 * the rate reads r, while a flow that stops fades to 0 within a few tau, with no buckets to keep
 * and no thread to tick. Safe for several threads.
 */
public final class DecayingRate {
    private static final double NANOS_PER_SECOND = 1e9;
    private final double tauNanos;
    private final LongSupplier nanoClock;
    private double sum;
    private long lastNanos;

    public DecayingRate(Duration tau, LongSupplier nanoClock) {
        this.tauNanos = tau.toNanos();
        this.nanoClock = nanoClock;
        this.lastNanos = nanoClock.getAsLong();
    }

    /** Counts {@code n} now. */
    public synchronized void add(long n) {
        decay();
        sum += n;
    }

    /** The rate per second now. */
    public synchronized double perSecond() {
        decay();
        return sum * NANOS_PER_SECOND / tauNanos;
    }

    private void decay() {
        long now = nanoClock.getAsLong();
        if (now > lastNanos) {
            sum *= Math.exp(-(now - lastNanos) / tauNanos);
            lastNanos = now;
        }
    }
}
