package io.copyjobs.http;

import io.copyjobs.job.ErrorCode;
import io.javalin.http.Context;
import org.eclipse.jetty.io.QuietException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads JSON request bodies under SPEC §7: at most 1 MiB (413), a JSON content type when there is
 * a body (415), and every mapping error a 400 naming the field.
 */
final class Bodies {
    static final long MAX_BYTES = 1 << 20;
    private static final long DRAIN_LIMIT = 4 * MAX_BYTES;
    private static final Logger LOG = LoggerFactory.getLogger(Bodies.class);
    private static final Pattern UTF_8 = Pattern.compile("\"?utf-8\"?");

    private Bodies() {
    }

    /** The body as {@code type}; 400 when it is absent. */
    static <T> T read(Context ctx, Class<T> type) {
        byte[] body = bytes(ctx);
        if (body.length == 0) {
            throw ProblemException.of(ErrorCode.E_INVALIDARG, "body: a JSON object is required");
        }
        return BodyParser.parse(body, type);
    }

    /** The body of a POST that needs none: anything sent must still be JSON (an empty object is fine). */
    static void readOptionalEmpty(Context ctx) {
        byte[] body = bytes(ctx);
        if (body.length > 0) {
            BodyParser.parse(body, EmptyBody.class);
        }
    }

    /** Bodiless operations accept nothing but an empty object. */
    record EmptyBody() {
    }

    private static byte[] bytes(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BYTES) {
            drain(ctx, declared);
            throw tooLarge();
        }
        byte[] body = received(ctx);
        if (body.length > MAX_BYTES) {
            throw tooLarge();
        }
        if (body.length > 0 && !isJson(ctx.contentType())) {
            throw ProblemException.of(ErrorCode.CJ_E_UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type: send the body as application/json, not " + ctx.contentType());
        }
        return body;
    }

    /**
     * The body as it arrived. A body cut short (the client hung up, or sent fewer bytes than it
     * declared) or with broken chunked framing is the client's doing, not a fault of the node: a
     * 400, and one DEBUG line rather than a logged stack trace that any client could cause at will.
     */
    private static byte[] received(Context ctx) {
        try {
            return ctx.bodyAsBytes();
        } catch (Exception e) {
            // Javalin is Kotlin: Jetty's IOExceptions (EofException, its HttpException) come through unchecked.
            if (e instanceof IOException || e instanceof UncheckedIOException || e instanceof QuietException) {
                LOG.debug("request {}: the body could not be read: {}", Requests.id(ctx), e.toString());
                throw ProblemException.of(ErrorCode.E_INVALIDARG,
                        "body: it ended before its declared length, or its chunked framing is malformed");
            }
            throw e;
        }
    }

    /**
     * Reads and drops a body too large to take, when it is not much larger, before the 413 goes out:
     * a server that answers and closes with the body still arriving makes the client's TCP stack
     * see a reset, and the client loses the answer (a lingering close). Larger bodies are cut off.
     */
    private static void drain(Context ctx, long declared) {
        if (declared > DRAIN_LIMIT) {
            return;
        }
        try {
            ctx.req().getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException e) {
            LOG.debug("request {}: an oversized body ended early: {}", Requests.id(ctx), e.toString());
        }
    }

    static ProblemException tooLarge() {
        return ProblemException.of(ErrorCode.CJ_E_BODY_TOO_LARGE, "body: larger than " + MAX_BYTES + " bytes");
    }

    /** A JSON media type, and if it names a charset, UTF-8: the only encoding JSON has (RFC 8259 §8.1). */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
        String mime = parts[0].trim();
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].split("=", 2);
            if (param[0].trim().equals("charset") && (param.length < 2 || !UTF_8.matcher(param[1].trim()).matches())) {
                return false;
            }
        }
        return mime.equals("application/json") || (mime.startsWith("application/") && mime.endsWith("+json"));
    }
}
