package io.copyjobs.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.json.Json;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.Locale;

/**
 * Reads JSON request bodies under SPEC §7: at most 1 MiB (413), a JSON content type when there is
 * a body (415), and every mapping error a 400 naming the field.
 */
final class Bodies {
    static final long MAX_BYTES = 1 << 20;

    private Bodies() {
    }

    /** The body as {@code type}; 400 when it is absent. */
    static <T> T read(Context ctx, Class<T> type) {
        byte[] body = bytes(ctx);
        if (body.length == 0) {
            throw ProblemException.of(ErrorCode.E_INVALIDARG, "body: a JSON object is required");
        }
        return parse(body, type);
    }

    /** The body of a POST that needs none: anything sent must still be JSON (an empty object is fine). */
    static void readOptionalEmpty(Context ctx) {
        byte[] body = bytes(ctx);
        if (body.length > 0) {
            parse(body, EmptyBody.class);
        }
    }

    /** Bodiless operations accept nothing but an empty object. */
    record EmptyBody() {
    }

    private static byte[] bytes(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BYTES) {
            throw tooLarge();
        }
        byte[] body = ctx.bodyAsBytes();
        if (body.length > MAX_BYTES) {
            throw tooLarge();
        }
        if (body.length > 0 && !isJson(ctx.contentType())) {
            throw ProblemException.of(ErrorCode.CJ_E_UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type: send the body as application/json, not " + ctx.contentType());
        }
        return body;
    }

    static ProblemException tooLarge() {
        return ProblemException.of(ErrorCode.CJ_E_BODY_TOO_LARGE, "body: larger than " + MAX_BYTES + " bytes");
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mime = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mime.equals("application/json") || (mime.startsWith("application/") && mime.endsWith("+json"));
    }

    private static <T> T parse(byte[] body, Class<T> type) {
        try {
            T value = Json.strict().readValue(body, type);
            if (value == null) {
                throw ProblemException.of(ErrorCode.E_INVALIDARG, "body: a JSON object is required, not null");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw ProblemException.of(ErrorCode.E_INVALIDARG, field(e, "body") + ": unknown field");
        } catch (StreamConstraintsException e) {
            throw ProblemException.of(ErrorCode.E_INVALIDARG, "body: " + e.getOriginalMessage());
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw ProblemException.of(ErrorCode.E_INVALIDARG, field(e, "body") + ": " + cause.getMessage());
        } catch (JsonMappingException e) {
            throw ProblemException.of(ErrorCode.E_INVALIDARG, field(e, "body") + ": " + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw ProblemException.of(ErrorCode.E_INVALIDARG, "body: not valid JSON (" + firstLine(e.getOriginalMessage()) + ")");
        } catch (IOException e) {
            throw ProblemException.of(ErrorCode.E_INVALIDARG, "body: cannot be read (" + e.getMessage() + ")");
        }
    }

    /** {@code files[1].remoteUrl} from Jackson's path. */
    static String field(JsonMappingException e, String fallback) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? fallback : path.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
