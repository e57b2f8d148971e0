package io.copyjobs.job;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A job's GUID. Minted by the service (random, version 4), written in canonical lower-case
 * {@code 8-4-4-4-12} form, read in any case with or without Windows braces.
 */
public record JobId(UUID value) {
    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

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
        if (!CANONICAL.matcher(s).matches()) {
            return Optional.empty();
        }
        return Optional.of(new JobId(UUID.fromString(s)));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
