package io.copyjobs.transfer;

import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a download reads from a response's headers to decide whether it continues the part file. */
final class ResponseHeaders {
    // At most 18 digits, so every number fits a long.
    private static final Pattern RANGE = Pattern.compile("bytes\\s+(\\d{1,18})-(\\d{1,18})/(\\d{1,18}|\\*)");
    private static final Pattern UNSATISFIED = Pattern.compile("bytes\\s+\\*/(\\d{1,18})");

    private ResponseHeaders() {
    }

    /**
     * The validator to send as {@code If-Range} when resuming: a strong ETag, else Last-Modified.
     * A weak ETag ({@code W/"…"}) may not be used with If-Range (RFC 9110 §13.1.5).
     */
    static Optional<String> validator(HttpResponse<?> response) {
        Optional<String> etag = response.headers().firstValue("ETag").filter(tag -> !tag.startsWith("W/"));
        return etag.isPresent() ? etag : response.headers().firstValue("Last-Modified");
    }

    /** The whole file's size: a 206's Content-Range total, else Content-Length; -1 when unknown. */
    static long total(HttpResponse<?> response) {
        if (response.statusCode() == 206) {
            Matcher range = match(RANGE, response);
            return range == null || range.group(3).equals("*") ? -1 : Long.parseLong(range.group(3));
        }
        try {
            return response.headers().firstValueAsLong("Content-Length").orElse(-1);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * True when a 206 continues a part file of {@code offset} bytes: it starts there, and names
     * the recorded validator if it names one (a server that ignores If-Range would send a changed
     * file's tail).
     */
    static boolean continues(HttpResponse<?> response, long offset, String recordedValidator) {
        Optional<String> validator = validator(response);
        return startsAt(response, offset) && (validator.isEmpty() || validator.get().equals(recordedValidator));
    }

    /** True when a 206 answers with the bytes from {@code offset} on, whatever version they are of. */
    static boolean startsAt(HttpResponse<?> response, long offset) {
        Matcher range = match(RANGE, response);
        return range != null && Long.parseLong(range.group(1)) == offset;
    }

    /** The size a 416 reports ({@code Content-Range: bytes *}{@code /N}), or -1. */
    static long unsatisfiedTotal(HttpResponse<?> response) {
        Matcher range = match(UNSATISFIED, response);
        return range == null ? -1 : Long.parseLong(range.group(1));
    }

    private static Matcher match(Pattern pattern, HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("Content-Range");
        if (header.isEmpty()) {
            return null;
        }
        Matcher matcher = pattern.matcher(header.get().trim());
        return matcher.matches() ? matcher : null;
    }
}
