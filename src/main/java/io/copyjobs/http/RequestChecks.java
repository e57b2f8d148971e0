package io.copyjobs.http;

import io.copyjobs.job.ErrorCode;
import io.javalin.http.Context;
import org.eclipse.jetty.util.UrlEncoded;
import org.eclipse.jetty.util.Utf8StringBuilder;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What every request must get right before any route reads it: a path of plain characters, a
 * query whose percent-encoding is well-formed UTF-8 and names each parameter once, and HTTP/1.1
 * framing. Javalin's own query parsing skips a malformed escape without a word, which would make
 * {@code ?limit=%zz} the same request as no limit at all.
 */
final class RequestChecks {
    /**
     * The characters of a path as sent: RFC 3986's unreserved, sub-delims, ':', '@', '/' and
     * percent-escapes, and the braces of a Windows GUID ({@code {5ce34c0d-…}}), which RFC 3986
     * does not list but BITS clients send.
     */
    private static final boolean[] PATH_CHARS = new boolean[128];

    static {
        String allowed = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/%{}";
        allowed.chars().forEach(c -> PATH_CHARS[c] = true);
    }

    private RequestChecks() {
    }

    /** Runs every check; the first that fails ends the request with a 400. */
    static void check(Context ctx) {
        path(ctx.req().getRequestURI());
        query(ctx.queryString());
        framing(ctx);
    }

    /**
     * Refuses characters no copyjobs path has, and dot segments or encoded separators: they would
     * name another resource than they seem to.
     */
    static void path(String raw) {
        String path = raw == null ? "" : raw;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c >= PATH_CHARS.length || !PATH_CHARS[c]) {
                throw invalid("path: the character " + String.format(Locale.ROOT, "U+%04X", (int) c)
                        + " is not allowed; percent-encode it");
            }
        }
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%2e")
                || (lower + "/").contains("/../") || (lower + "/").contains("/./")) {
            throw invalid("path: dot segments and encoded separators are not allowed");
        }
    }

    /** Well-formed escapes of UTF-8 (no overlong forms, no surrogates), each parameter named once. */
    static void query(String query) {
        if (query == null || query.isEmpty()) {
            return;
        }
        Set<String> names = new HashSet<>();
        try {
            UrlEncoded.decodeUtf8To(query, 0, query.length(), (name, value) -> {
                if (!names.add(name)) {
                    throw invalid(Requests.abbreviate(name) + ": given more than once (a list is one value, "
                            + "its items separated by commas)");
                }
            }, false, false, false);
        } catch (Utf8StringBuilder.Utf8IllegalArgumentException e) {
            throw invalid("query: not UTF-8 once percent-decoded");
        } catch (IllegalArgumentException e) {
            throw invalid("query: malformed percent-encoding (a '%' must be followed by two hex digits)");
        }
    }

    /**
     * Chunked framing exists in HTTP/1.1 only: RFC 9112 §6.1 has a server treat an HTTP/1.0 message
     * with Transfer-Encoding as faultily framed, since an HTTP/1.0 hop in between would not read it
     * so. Jetty decodes it anyway, and has no compliance mode to refuse it. The connection closes:
     * where this body ends is exactly what cannot be known.
     */
    private static void framing(Context ctx) {
        if (ctx.header("Transfer-Encoding") != null && "HTTP/1.0".equals(ctx.req().getProtocol())) {
            ctx.header("Connection", "close");
            throw invalid("Transfer-Encoding: not part of HTTP/1.0; send Content-Length, or use HTTP/1.1");
        }
    }

    private static ProblemException invalid(String detail) {
        return ProblemException.of(ErrorCode.E_INVALIDARG, detail);
    }
}
