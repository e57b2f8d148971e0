package io.copyjobs.streams;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.copyjobs.json.JobDocument;
import io.copyjobs.json.Json;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The job store's values: {@code {"schemaVersion":1,"owner":…,"version":…,"etag":…,"jobBytes":N,
 * "job":{…}}}, where {@code job} is the job's wire JSON and {@code jobBytes} its length. Reading
 * parses the few fields before {@code job} and copies its bytes out by length, without walking the
 * job: that is what keeps GetJob from decoding it. Fields this version does not know are skipped
 * when they come before {@code job} and never looked at after it, so newer writers can add some.
 */
public final class JobDocumentSerde implements Serde<JobDocument> {
    private static final ObjectMapper MAPPER = Json.wire();
    private static final JsonFactory FACTORY = MAPPER.getFactory();
    private static final byte[] START = ("{\"schemaVersion\":" + CommandRecord.SCHEMA_VERSION + ",\"owner\":")
            .getBytes(StandardCharsets.UTF_8);

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
            out.write((",\"version\":" + doc.version() + ",\"etag\":").getBytes(StandardCharsets.UTF_8));
            out.write(MAPPER.writeValueAsBytes(doc.etag()));
            out.write((",\"jobBytes\":" + json.length + ",\"job\":").getBytes(StandardCharsets.UTF_8));
            out.write(json);
            out.write('}');
        } catch (IOException e) {
            throw new SerializationException("cannot write a stored job", e);
        }
        return out.toByteArray();
    }

    private static JobDocument read(byte[] data) throws IOException {
        String owner = null;
        String etag = null;
        long version = -1;
        int length = -1;
        try (JsonParser p = FACTORY.createParser(data)) {
            expect(p.nextToken() == JsonToken.START_OBJECT, "not an object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "owner" -> owner = text(p, value);
                    case "etag" -> etag = text(p, value);
                    case "version" -> version = number(p, value);
                    case "jobBytes" -> length = Math.toIntExact(number(p, value));
                    case "job" -> {
                        expect(owner != null && etag != null && version >= 0 && length > 0,
                                "owner, version, etag and jobBytes must come before job");
                        int start = Math.toIntExact(p.currentTokenLocation().getByteOffset());
                        int end = start + length;
                        // The cheap checks of a length that does not fit: the job must end on a
                        // brace that the envelope goes on after. Parsing it through would cost
                        // what this format exists to save.
                        expect(value == JsonToken.START_OBJECT && end < data.length && data[end - 1] == '}'
                                && (data[end] == ',' || data[end] == '}'), "job is not an object of jobBytes bytes");
                        return JobDocument.stored(owner, version, etag, Arrays.copyOfRange(data, start, end));
                    }
                    default -> p.skipChildren();
                }
            }
        }
        throw new IOException("no job field");
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
