package io.copyjobs.http;

import io.copyjobs.job.Actor;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobState;
import io.javalin.http.Context;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** What the hooks attach to a request (its id, the verified caller) and common parameter parsing. */
final class Requests {
    static final String REQUEST_ID = "X-Request-Id";
    private static final String ACTOR_ATTR = "copyjobs.actor";
    private static final String ID_ATTR = "copyjobs.requestId";
    private static final String EXPIRY_ATTR = "copyjobs.tokenExpiry";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern SAFE_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private Requests() {
    }

    /**
     * Refuses paths with dot segments or encoded separators before routing: they would name
     * another resource than they seem to, and no copyjobs path has them.
     */
    static void rejectMalformedPath(Context ctx) {
        String raw = ctx.req().getRequestURI();
        String lower = raw == null ? "" : raw.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%2e") || lower.contains("\\")
                || (lower + "/").contains("/../") || (lower + "/").contains("/./")) {
            throw ProblemException.of(ErrorCode.E_INVALIDARG, "path: dot segments and encoded separators are not allowed");
        }
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
        String key = ctx.header("Idempotency-Key");
        if (key == null) {
            return null;
        }
        if (!SAFE_KEY.matcher(key).matches()) {
            throw ProblemException.of(ErrorCode.E_INVALIDARG,
                    "Idempotency-Key: 1 to 255 visible ASCII characters");
        }
        return key;
    }

    /** A non-negative integer header, or null when absent. */
    static Long longHeader(Context ctx, String name) {
        String v = ctx.header(name);
        if (v == null) {
            return null;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ProblemException.of(ErrorCode.E_INVALIDARG, name + ": must be a non-negative integer");
        }
    }

    /** {@code state=QUEUED,ERROR}: the states to list; empty when absent. */
    static Set<JobState> states(String param) {
        Set<JobState> states = EnumSet.noneOf(JobState.class);
        if (param == null || param.isBlank()) {
            return states;
        }
        for (String name : param.split(",")) {
            try {
                states.add(JobState.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ProblemException.of(ErrorCode.E_INVALIDARG, "state: '" + abbreviate(name.trim())
                        + "' is not one of " + Arrays.toString(JobState.values()));
            }
        }
        return states;
    }

    static boolean bool(String param, String name) {
        if (param == null || param.isEmpty()) {
            return false;
        }
        if (param.equalsIgnoreCase("true") || param.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(param);
        }
        throw ProblemException.of(ErrorCode.E_INVALIDARG, name + ": must be true or false");
    }

    /** {@code limit}: 1..1000, 100 when absent. */
    static int limit(String param) {
        if (param == null || param.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(param);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.of(ErrorCode.E_INVALIDARG, "limit: must be a number from 1 to " + MAX_LIMIT);
    }

    /** The request's path and query, to ask a peer for the same. */
    static String pathAndQuery(Context ctx) {
        String query = ctx.queryString();
        return ctx.req().getRequestURI() + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    /** {@code n} of /v1/jobs/{id}/files/{n}/content: a file index. */
    static int fileIndex(Context ctx) {
        try {
            int n = Integer.parseInt(ctx.pathParam("n"));
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.of(ErrorCode.E_INVALIDARG, "n: a file index from 0, not '" + abbreviate(ctx.pathParam("n")) + "'");
    }

    /** The headers a peer needs to serve a file's bytes: the caller's, and its range. */
    static Map<String, String> contentHeaders(Context ctx) {
        Map<String, String> headers = forwardedHeaders(ctx);
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
        String minVersion = ctx.header("Copyjobs-Min-Version");
        if (minVersion != null) {
            headers.put("Copyjobs-Min-Version", minVersion);
        }
        return headers;
    }

    static String abbreviate(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 64 ? printable.substring(0, 64) + "…" : printable;
    }
}
