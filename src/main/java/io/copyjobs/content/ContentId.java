package io.copyjobs.content;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A content shared across the fleet: the SHA-256 a job gave for a file, in lower-case hex. Only a
 * digest the job names makes a file shareable, so that no owner can fill another's file with bytes
 * of their choosing (the digest is checked) or learn another's private URL.
 */
public record ContentId(String hex) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public ContentId {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("a content id is 64 lower-case hex digits, not '" + hex + "'");
        }
    }

    /** The content of a hex path segment, or empty when it is not 64 lower-case hex digits. */
    public static Optional<ContentId> parse(String hex) {
        return hex != null && HEX.matcher(hex).matches() ? Optional.of(new ContentId(hex)) : Optional.empty();
    }

    /** The content a job file's {@code sha256} names (JobRules let in either case), or empty without one. */
    public static Optional<ContentId> ofSha256(String sha256) {
        return sha256 == null ? Optional.empty() : parse(sha256.toLowerCase(Locale.ROOT));
    }

    /** {@code sha256:<hex>}: the key whose commands-topic partition picks the content's seeder. */
    public String key() {
        return "sha256:" + hex;
    }

    @Override
    public String toString() {
        return key();
    }
}
