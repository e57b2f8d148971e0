package io.copyjobs.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.json.Json;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Turns a request body's bytes into a value of the model, or into a 400 whose detail names the
 * field and says what it must be, in the API's words rather than Jackson's class names.
 *
 * <p>The bytes are decoded as UTF-8 (RFC 8259 §8.1) before Jackson sees them: Jackson's own UTF-8
 * reader takes overlong forms such as {@code C0 AF} for {@code /}, which would let a name pass the
 * rules in one spelling and reach the disk in another.
 */
final class BodyParser {
    private BodyParser() {
    }

    /** The body as {@code type}; never null. */
    static <T> T parse(byte[] body, Class<T> type) {
        String text = utf8(body);
        try {
            T value = Json.strict().readValue(text, type);
            if (value == null) {
                throw ProblemException.of(ErrorCode.E_INVALIDARG, "body: a JSON object is required, not null");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw invalid(field(e, "body") + ": unknown field");
        } catch (StreamConstraintsException e) {
            // Jackson's message ends by naming its own setter; the limit itself is what a client needs.
            throw invalid("body: " + firstLine(e.getOriginalMessage()).replaceAll(", from `[^`]*`\\)", ")"));
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw invalid(field(e, "body") + ": " + cause.getMessage());
        } catch (JsonMappingException e) {
            throw invalid(field(e, "body") + ": " + expected(e));
        } catch (JsonProcessingException e) {
            throw invalid("body: not valid JSON" + where(e.getLocation()) + " (" + firstLine(e.getOriginalMessage()) + ")");
        }
    }

    /** Strict UTF-8: malformed, overlong, surrogate and out-of-range sequences are refused, and so is a BOM. */
    static String utf8(byte[] body) {
        if (body.length >= 3 && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF) {
            throw invalid("body: must not start with a byte order mark (RFC 8259 §8.1)");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw invalid("body: not valid UTF-8");
        }
    }

    /** What the value at fault should have been, from the type Jackson was asked for. */
    private static String expected(JsonMappingException e) {
        if (e.getCause() instanceof InputCoercionException) {
            return "out of range for a 32-bit integer";
        }
        // FAIL_ON_TRAILING_TOKENS' error has no type of its own, and names the body's type as its target.
        if (String.valueOf(e.getOriginalMessage()).startsWith("Trailing token")) {
            return "more than one JSON value; nothing may follow the first";
        }
        if (!(e instanceof MismatchedInputException m) || m.getTargetType() == null) {
            return firstLine(e.getOriginalMessage());
        }
        Class<?> type = m.getTargetType();
        if (type.isEnum()) {
            return "must be one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        if (type == String.class) {
            return "must be a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "must be an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        return Collection.class.isAssignableFrom(type) || type.isArray() ? "must be an array" : "must be an object";
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

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static ProblemException invalid(String detail) {
        return ProblemException.of(ErrorCode.E_INVALIDARG, detail);
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
