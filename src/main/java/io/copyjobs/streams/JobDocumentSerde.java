package io.copyjobs.streams;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.copyjobs.json.JobDocument;
import io.copyjobs.json.Json;
import io.copyjobs.wire.CommandRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The job store's values: {@code {"schemaVersion":2,"owner":…,"version":…,"etag":…,"jobBytes":N,
 * "job":{…}}}, where {@code etag} is the ETag without its quotes, {@code job} the job's wire JSON
 * and {@code jobBytes} its length. Reading takes the few fields before {@code job} and copies its
 * bytes out by length, without walking the job: that is what keeps GetJob from decoding it.
 *
 * <p>Bytes laid out exactly as {@link #serializer()} writes them are read without a JSON parser
 * ({@link JobDocumentLayout})
 * (creating and running one was 4 % of a GetJob's CPU); anything else — an owner that needed
 * escapes, fields a newer writer added (skipped before {@code job}, never looked at after it) —
 * goes through Jackson's streaming parser.
 */
public final class JobDocumentSerde implements Serde<JobDocument> {
    private static final ObjectMapper MAPPER = Json.wire();
    private static final JsonFactory FACTORY = MAPPER.getFactory();
    // The envelope's fields, in the order they are written; JobDocumentLayout reads them so.
    static final byte[] START = ascii("{\"schemaVersion\":" + CommandRecord.SCHEMA_VERSION + ",\"owner\":");
    static final byte[] VERSION = ascii(",\"version\":");
    static final byte[] ETAG = ascii(",\"etag\":");
    static final byte[] LENGTH = ascii(",\"jobBytes\":");
    static final byte[] JOB = ascii(",\"job\":");

    @Override
    public Serializer<JobDocument> serializer() {
        return (topic, doc) -> doc == null ? null : write(doc);
    }

    @Override
    public Deserializer<JobDocument> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                return read(data);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("unreadable stored job on " + topic + ": " + e.getMessage(), e);
            }
        };
    }

    private static byte[] write(JobDocument doc) {
        byte[] json = doc.json();
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + 160);
        try {
            out.write(START);
            out.write(MAPPER.writeValueAsBytes(doc.owner()));
            out.write(VERSION);
            out.write(ascii(Long.toString(doc.version())));
            out.write(ETAG);
            out.write(MAPPER.writeValueAsBytes(unquoted(doc.etag())));
            out.write(LENGTH);
            out.write(ascii(Integer.toString(json.length)));
            out.write(JOB);
            out.write(json);
            out.write('}');
        } catch (IOException e) {
            throw new SerializationException("cannot write a stored job", e);
        }
        return out.toByteArray();
    }

    private static JobDocument read(byte[] data) throws IOException {
        JobDocument asWritten = new JobDocumentLayout(data).read();
        return asWritten != null ? asWritten : parse(data);
    }

    private static JobDocument parse(byte[] data) throws IOException {
        String owner = null;
        String etag = null;
        long version = -1;
        int length = -1;
        long schema = 0;
        try (JsonParser p = FACTORY.createParser(data)) {
            expect(p.nextToken() == JsonToken.START_OBJECT, "not an object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "schemaVersion" -> schema = number(p, value);
                    case "owner" -> owner = text(p, value);
                    case "etag" -> etag = quoted(text(p, value));
                    case "version" -> version = number(p, value);
                    case "jobBytes" -> length = Math.toIntExact(number(p, value));
                    case "job" -> {
                        expect(owner != null && etag != null && version >= 0 && length > 0,
                                "owner, version, etag and jobBytes must come before job");
                        int start = Math.toIntExact(p.currentTokenLocation().getByteOffset());
                        expect(value == JsonToken.START_OBJECT, "job is not an object");
                        JobDocument doc = job(data, owner, version, etag, start, length);
                        // An earlier schema's job lacks today's fields: its stored ETag is not the one the
                        // state machine computes for it (If-Match would fail until the job changed), and
                        // GetJob would not show them. Made anew, it reads as one written today.
                        return schema < CommandRecord.SCHEMA_VERSION ? JobDocument.of(doc.job()) : doc;
                    }
                    default -> p.skipChildren();
                }
            }
        }
        throw new IOException("no job field");
    }

    /**
     * The job's bytes from {@code start}, {@code length} long. The cheap checks of a length that
     * does not fit: the job must end on a brace that the envelope goes on after. Parsing it
     * through would cost what this format exists to save.
     */
    static JobDocument job(byte[] data, String owner, long version, String etag, int start, int length)
            throws IOException {
        int end = start + length;
        expect(start < data.length && data[start] == '{' && end < data.length && data[end - 1] == '}'
                && (data[end] == ',' || data[end] == '}'), "job is not an object of jobBytes bytes");
        return JobDocument.stored(owner, version, etag, Arrays.copyOfRange(data, start, end));
    }

    /** The stored ETag is its opaque part: the quotes would make every stored one need escapes. */
    static String quoted(String opaque) {
        return "\"" + opaque + "\"";
    }

    private static String unquoted(String etag) {
        if (etag.length() < 2 || etag.charAt(0) != '"' || etag.charAt(etag.length() - 1) != '"') {
            throw new SerializationException("not a quoted ETag: " + etag);
        }
        return etag.substring(1, etag.length() - 1);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(JsonParser p, JsonToken token) throws IOException {
        expect(token == JsonToken.VALUE_STRING, p.currentName() + " must be a string");
        return p.getText();
    }

    private static long number(JsonParser p, JsonToken token) throws IOException {
        expect(token == JsonToken.VALUE_NUMBER_INT, p.currentName() + " must be an integer");
        return p.getLongValue();
    }

    private static void expect(boolean condition, String problem) throws IOException {
        if (!condition) {
            throw new IOException(problem);
        }
    }
}
