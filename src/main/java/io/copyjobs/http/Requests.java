package io.copyjobs.http;

import io.copyjobs.cluster.JobReads;
import io.copyjobs.job.Actor;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.JobId;
import io.javalin.http.Context;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** What the hooks attach to a request (its id, the verified caller) and common parameter parsing. */
final class Requests {
    static final String REQUEST_ID = "X-Request-Id";
    private static final String ACTOR_ATTR = "copyjobs.actor";
    private static final String ID_ATTR = "copyjobs.requestId";
    private static final String FORWARDED_ATTR = "copyjobs.forwarded";
    private static final String EXPIRY_ATTR = "copyjobs.tokenExpiry";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern SAFE_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
    private static final String ENTITY_TAG = "(W/)?\"[\\x21\\x23-\\x7e]*\"";
    private static final Pattern IF_MATCH = Pattern.compile("\\*|" + ENTITY_TAG + "([ \\t]*,[ \\t]*" + ENTITY_TAG + ")*");
    private static final int MAX_IF_MATCH = 1024;

    private Requests() {
    }

    /** Takes the caller's X-Request-Id when it is safe to log, else makes one; echoes it back. */
    static void assignId(Context ctx) {
        String given = ctx.header(REQUEST_ID);
        // A request id needs to be unique, not unguessable: no SecureRandom on every request.
        String id = given != null && SAFE_ID.matcher(given).matches() ? given
                : new UUID(ThreadLocalRandom.current().nextLong(), ThreadLocalRandom.current().nextLong()).toString();
        ctx.attribute(ID_ATTR, id);
        ctx.header(REQUEST_ID, id);
    }

    static String id(Context ctx) {
        String id = ctx.attribute(ID_ATTR);
        return id == null ? "unknown" : id;
    }

    static void setActor(Context ctx, Actor actor) {
        ctx.attribute(ACTOR_ATTR, actor);
    }

    /** Marks a request as forwarded by another node, once its proof verified. */
    static void setForwarded(Context ctx) {
        ctx.attribute(FORWARDED_ATTR, Boolean.TRUE);
    }

    /**
     * True for a request another node forwarded (proved, see {@link Authenticator}): answered
     * here, from this node's own copy, and never forwarded again. A client's request never is.
     */
    static boolean forwarded(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(FORWARDED_ATTR));
    }

    static Actor actor(Context ctx) {
        return authenticated(ctx, ACTOR_ATTR);
    }

    /** When the caller's token expires: a long-lived answer (an event stream) must not outlive it. */
    static void setTokenExpiry(Context ctx, Instant expires) {
        ctx.attribute(EXPIRY_ATTR, expires);
    }

    static Instant tokenExpiry(Context ctx) {
        return authenticated(ctx, EXPIRY_ATTR);
    }

    /** What the authentication hook attached: a route under /v1 without it is a bug, not bad input. */
    private static <T> T authenticated(Context ctx, String attribute) {
        T value = ctx.attribute(attribute);
        if (value == null) {
            throw new IllegalStateException("route " + ctx.path() + " ran without authentication");
        }
        return value;
    }

    static JobId jobId(Context ctx) {
        String raw = ctx.pathParam("id");
        return JobId.parse(raw).orElseThrow(() -> ProblemException.of(ErrorCode.E_INVALIDARG,
                "id: '" + abbreviate(raw) + "' is not a GUID such as 5ce34c0d-1b2a-4c3d-8e4f-0123456789ab"));
    }

    /** The Idempotency-Key header: 1..255 visible ASCII characters, or absent. */
    static String idempotencyKey(Context ctx) {
        String key = single(ctx, "Idempotency-Key");
        if (key == null) {
            return null;
        }
        if (!SAFE_KEY.matcher(key).matches()) {
            throw ProblemException.of(ErrorCode.E_INVALIDARG,
                    "Idempotency-Key: 1 to 255 visible ASCII characters");
        }
        return key;
    }

    /** A header that holds one value, or null when absent; sent twice, it is refused rather than half read. */
    private static String single(Context ctx, String name) {
        List<String> values = Collections.list(ctx.req().getHeaders(name));
        if (values.size() > 1) {
            throw ProblemException.of(ErrorCode.E_INVALIDARG, name + ": given more than once");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    /** A non-negative integer header in plain digits, or null when absent. */
    static Long longHeader(Context ctx, String name) {
        String v = single(ctx, name);
        if (v == null) {
            return null;
        }
        long n = digits(v.trim(), 18);
        if (n < 0) {
            throw ProblemException.of(ErrorCode.E_INVALIDARG, name + ": must be a non-negative integer");
        }
        return n;
    }

    /**
     * {@code s} as a number when it is 1 to {@code maxDigits} ASCII digits, else -1. Stricter than
     * {@link Long#parseLong}, which also takes a sign and any script's digits ("+5", "٥").
     */
    static long digits(String s, int maxDigits) {
        if (s.isEmpty() || s.length() > maxDigits) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /**
     * {@code If-Match}: {@code *} or a list of entity tags (RFC 9110 §13.1.1), or null when absent.
     * Anything else would only ever fail to match, as a 412 that hides the client's mistake.
     */
    static String ifMatch(Context ctx) {
        List<String> values = Collections.list(ctx.req().getHeaders("If-Match"));
        if (values.isEmpty()) {
            return null;
        }
        // Several If-Match fields are one list (RFC 9110 §5.3).
        String value = String.join(", ", values);
        if (value.length() > MAX_IF_MATCH || !IF_MATCH.matcher(value).matches()) {
            throw ProblemException.of(ErrorCode.E_INVALIDARG, "If-Match: must be * or a list of entity tags "
                    + "such as \"3-5ab2c1d0\", at most " + MAX_IF_MATCH + " characters");
        }
        return value;
    }

    /** {@code n} of /v1/jobs/{id}/files/{n}/content: a file index. */
    static int fileIndex(Context ctx) {
        long n = digits(ctx.pathParam("n"), 9);
        if (n < 0) {
            throw ProblemException.of(ErrorCode.E_INVALIDARG, "n: a file index from 0, not '"
                    + abbreviate(ctx.pathParam("n")) + "'");
        }
        return (int) n;
    }

    /** The headers a peer needs to serve a file's bytes: the caller's, and its range. */
    static Map<String, String> contentHeaders(Context ctx) {
        Map<String, String> headers = forwardedHeaders(ctx);
        headers.putAll(rangeHeaders(ctx));
        return headers;
    }

    /** The caller's {@code Range} and {@code If-Range}, those it sent. */
    static Map<String, String> rangeHeaders(Context ctx) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h : new String[]{"Range", "If-Range"}) {
            if (ctx.header(h) != null) {
                headers.put(h, ctx.header(h));
            }
        }
        return headers;
    }

    /** The caller's headers a peer needs: its credentials (checked again there) and the request id. */
    static Map<String, String> forwardedHeaders(Context ctx) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", ctx.header("Authorization"));
        headers.put(REQUEST_ID, id(ctx));
        String minVersion = ctx.header(JobReads.MIN_VERSION);
        if (minVersion != null) {
            headers.put(JobReads.MIN_VERSION, minVersion);
        }
        return headers;
    }

    static String abbreviate(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 64 ? printable.substring(0, 64) + "…" : printable;
    }
}
