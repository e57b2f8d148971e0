package io.copyjobs.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.copyjobs.job.Command;
import io.copyjobs.job.Credentials;
import io.copyjobs.job.Header;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobSpec;
import io.copyjobs.job.Operation;
import io.copyjobs.job.Progress;
import io.copyjobs.job.PropertyChanges;
import io.copyjobs.job.Secret;
import io.copyjobs.job.TransferOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The JSON form of the model, shared by the topics and the HTTP API so that a job reads the same
 * everywhere. The model stays free of Jackson: ids, polymorphic commands and the derived
 * {@code progress} are mapped here with mix-ins.
 */
public final class Json {
    /** Nesting deeper than this is an attack or a mistake; no copyjobs document needs more than 5. */
    public static final int MAX_NESTING = 32;

    private static final ObjectMapper WIRE = build(false);
    private static final ObjectMapper STRICT = build(true);

    private Json() {
    }

    /**
     * For records on topics and in stores: unknown fields are ignored, so that a node can read
     * what a newer node wrote during a rolling upgrade.
     */
    public static ObjectMapper wire() {
        return WIRE;
    }

    /** {@code value} as wire JSON; writing a value this code base made to bytes in memory cannot fail. */
    public static byte[] bytes(Object value) {
        try {
            return WIRE.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * For client input: unknown fields, trailing tokens, nulls for numbers, floats for integers,
     * duplicate keys and deep nesting are all errors, and every value must have its field's JSON
     * type: no number or boolean read as a string, no number as an enum, enum names exactly as
     * SPEC §1 spells them.
     */
    public static ObjectMapper strict() {
        return STRICT;
    }

    private static ObjectMapper build(boolean strict) {
        JsonMapper.Builder b = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(ids())
                .addModule(secrets(strict))
                .addMixIn(Header.class, WithoutNulls.class)
                .addMixIn(Credentials.class, WithoutNulls.class)
                .addMixIn(JobSpec.class, OptionsWhenSet.class)
                .addMixIn(PropertyChanges.class, OptionsWhenSet.class)
                .addMixIn(TransferOptions.class, WithoutNulls.class)
                .addMixIn(Command.class, CommandMixin.class)
                .registerSubtypes(commandTypes())
                .addMixIn(Job.class, JobMixin.class)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, !strict)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, strict);
        if (strict) {
            strictInput(b);
        }
        ObjectMapper mapper = b.build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING)
                .maxStringLength(2 * 1024 * 1024)
                .maxNumberLength(40)
                .build());
        return mapper;
    }

    /** Job ids as their GUID text, read back only when they are GUIDs. */
    private static SimpleModule ids() {
        SimpleModule ids = new SimpleModule("copyjobs-ids");
        ids.addSerializer(JobId.class, new JsonSerializer<>() {
            @Override
            public void serialize(JobId value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.toString());
            }
        });
        ids.addDeserializer(JobId.class, new JsonDeserializer<>() {
            @Override
            public JobId deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String text = p.getValueAsString();
                return JobId.parse(text).orElseThrow(() ->
                        ctxt.weirdStringException(text, JobId.class, "not a GUID"));
            }
        });
        return ids;
    }

    /**
     * A secret is its box on the topics; a client's input holds the value itself, which the edge
     * seals before anything is written. A plain secret cannot be written at all ({@link Secret#box}).
     */
    private static SimpleModule secrets(boolean clientInput) {
        SimpleModule secrets = new SimpleModule("copyjobs-secrets");
        secrets.addSerializer(Secret.class, new JsonSerializer<>() {
            @Override
            public void serialize(Secret value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.box());
            }
        });
        secrets.addDeserializer(Secret.class, new JsonDeserializer<>() {
            @Override
            public Secret deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.currentToken() != JsonToken.VALUE_STRING) {
                    // As a String, so that the client's error says "must be a string".
                    ctxt.handleUnexpectedToken(String.class, p);
                }
                String text = p.getValueAsString();
                return clientInput ? Secret.plain(text) : Secret.sealed(text);
            }
        });
        return secrets;
    }

    private static void strictInput(JsonMapper.Builder b) {
        b.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                // ALLOW_COERCION_OF_SCALARS covers numbers and booleans only: a string field
                // still took 5 or true as "5" or "true" until told otherwise here.
                .withCoercionConfig(LogicalType.Textual, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    /** Each command record under its operation's name ({@code op}), from the operation table. */
    private static NamedType[] commandTypes() {
        return Arrays.stream(Operation.values()).map(op -> new NamedType(op.type(), op.wireName()))
                .toArray(NamedType[]::new);
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
    private interface CommandMixin {
    }

    /** A public answer leaves out the secrets of headers and credentials: absent, not null. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private interface WithoutNulls {
    }

    /** Commands that set no options are written as before options existed, byte for byte. */
    private interface OptionsWhenSet {
        @JsonInclude(JsonInclude.Include.NON_NULL)
        TransferOptions options();
    }

    /** A job that asked for no options is written without them, as before they existed. */
    private static final class NoOptions {
        @Override
        @SuppressWarnings("EqualsHashCode")
        public boolean equals(Object value) {
            return TransferOptions.NONE.equals(value);
        }

        @Override
        public int hashCode() {
            return TransferOptions.NONE.hashCode();
        }
    }

    /** {@code progress} is written for readers and ignored when read back: files are the truth. */
    @JsonIgnoreProperties(value = {"progress"}, allowGetters = true)
    @JsonPropertyOrder({"id", "owner", "displayName", "description", "type", "priority", "state", "files", "progress",
            "bytesPerSecond", "times", "error", "errorCount", "minimumRetryDelaySeconds", "noProgressTimeoutSeconds", "options", "version"})
    private interface JobMixin {
        @JsonProperty("progress")
        Progress progress();

        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = NoOptions.class)
        TransferOptions options();
    }
}
