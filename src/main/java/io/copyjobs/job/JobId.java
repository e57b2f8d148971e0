package io.copyjobs.job;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A job's GUID. Minted by the service (random, version 4), written in canonical lower-case
 * {@code 8-4-4-4-12} form, read in any case with or without Windows braces.
 */
public record JobId(UUID value) {
    public JobId {
        Objects.requireNonNull(value, "value");
    }

    /** A new random (v4) id. */
    public static JobId random() {
        return new JobId(UUID.randomUUID());
    }

    /**
     * Parses {@code 5ce34c0d-…}, {@code 5CE34C0D-…} or {@code {5ce34c0d-…}}; empty for anything else.
     * {@link UUID#fromString} alone is not enough: it accepts short groups such as {@code 1-2-3-4-5}.
     */
    public static Optional<JobId> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text;
        if (s.length() == 38 && s.charAt(0) == '{' && s.charAt(37) == '}') {
            s = s.substring(1, 37);
        }
        if (!canonical(s)) {
            return Optional.empty();
        }
        return Optional.of(new JobId(UUID.fromString(s)));
    }

    /**
     * {@code 8-4-4-4-12} ASCII hex digits. Checked by hand: every request path and stored record
     * holds an id, and the regular expression this replaces was a fiftieth of a GetJob's CPU.
     */
    private static boolean canonical(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
