package io.copyjobs.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/** How sizes, rates, shares and times read in the client's output: binary units, {@code H:MM:SS}. */
final class Units {
    static final String UNKNOWN = "?";
    private static final String[] PREFIXES = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Units() {
    }

    /** {@code 512 B}, {@code 1.5 MiB}; {@code ?} for a size not known yet (-1). */
    static String bytes(long n) {
        if (n < 0) {
            return UNKNOWN;
        }
        if (n < 1024) {
            return n + " B";
        }
        double value = n;
        int unit = 0;
        while (value >= 1024 && unit < PREFIXES.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, PREFIXES[unit]);
    }

    static String rate(OptionalDouble bytesPerSecond) {
        return bytesPerSecond.isPresent() ? bytes(Math.round(bytesPerSecond.getAsDouble())) + "/s" : UNKNOWN;
    }

    /** {@code 0:07}, {@code 12:34}, {@code 1:02:03}; {@code ?} when no estimate can be made. */
    static String eta(Optional<Duration> left) {
        if (left.isEmpty()) {
            return UNKNOWN;
        }
        long s = left.get().toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** Whole percent, rounded down so that 100% means done; {@code ?} while the total is unknown. */
    static String percent(long done, long total) {
        if (total < 0) {
            return UNKNOWN;
        }
        return total == 0 ? "100%" : Math.min(100, done * 100 / total) + "%";
    }

    /** {@code [#####-----]}, {@code width} marks wide; all {@code ?} while the total is unknown. */
    static String bar(long done, long total, int width) {
        if (total < 0) {
            return "[" + "?".repeat(width) + "]";
        }
        int filled = total == 0 ? width : (int) Math.min(width, done * width / total);
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "]";
    }
}
