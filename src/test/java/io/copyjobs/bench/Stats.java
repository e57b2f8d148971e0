package io.copyjobs.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.Arrays;
import java.util.Locale;

/** Latencies (HdrHistogram) and repeated figures (min / median / max). */
final class Stats {
    /** Latencies up to a minute, to three significant digits. */
    private static final long LONGEST = 60_000_000_000L;

    private Stats() {
    }

    static Histogram histogram() {
        return new Histogram(LONGEST, 3);
    }

    /** One histogram that many threads record into at once (answers completing on the HTTP client's threads). */
    static Histogram concurrentHistogram() {
        Histogram h = new ConcurrentHistogram(LONGEST, 3);
        // a request late by more than a minute is still one answer of the run, not a lost one
        h.setAutoResize(true);
        return h;
    }

    static String latency(Histogram h) {
        return String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms, max %.2f ms (n=%d)",
                h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6, h.getMaxValue() / 1e6,
                h.getTotalCount());
    }

    /** "min / median / max" of repeated measurements. */
    static String spread(double[] values, String format) {
        double[] v = values.clone();
        Arrays.sort(v);
        return String.format(Locale.ROOT, format + " / " + format + " / " + format, v[0], v[v.length / 2], v[v.length - 1]);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
