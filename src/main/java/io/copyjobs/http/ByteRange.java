package io.copyjobs.http;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a {@code Range: bytes=…} header (RFC 9110 §14): {@code a-b}, {@code a-} or
 * {@code -n}. Several ranges, or another unit, are answered with the whole file, as the RFC allows.
 */
record ByteRange(long first, long last) {
    private static final Pattern ONE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    long length() {
        return last - first + 1;
    }

    /** What to send of a file of {@code size} bytes; empty for the whole file. */
    static Optional<ByteRange> parse(String header, long size) throws Unsatisfiable {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = ONE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    throw new Unsatisfiable(size);
                }
                return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long first = Long.parseLong(m.group(1));
            if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) {
                // Syntactically invalid: RFC 9110 says to ignore the header and send the whole file.
                return Optional.empty();
            }
            if (first >= size) {
                throw new Unsatisfiable(size);
            }
            long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            return Optional.of(new ByteRange(first, last));
        } catch (NumberFormatException tooLong) {
            return Optional.empty();
        }
    }

    /** A range that starts past the end of the file: 416 with {@code Content-Range: bytes *}/size. */
    static final class Unsatisfiable extends Exception {
        final long size;

        Unsatisfiable(long size) {
            super("range not satisfiable for " + size + " bytes", null, false, false);
            this.size = size;
        }
    }
}
