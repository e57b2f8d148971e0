package io.copyjobs.http;

import io.copyjobs.job.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * EnumJobs cursors: opaque to clients (base64url of the index sort key), checked when they come
 * back so that a forged cursor is a 400, not a scan from a strange place.
 */
final class Cursors {
    private static final Pattern SORT_KEY = Pattern.compile("[0-9a-f]{16}\u0000[0-9a-f-]{36}");

    private Cursors() {
    }

    static String encode(String sortKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sortKey.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (SORT_KEY.matcher(key).matches()) {
                return key;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw ProblemException.of(ErrorCode.E_INVALIDARG, "cursor: not a cursor this API returned");
    }
}
