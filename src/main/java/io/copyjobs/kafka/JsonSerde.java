package io.copyjobs.kafka;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copyjobs.json.Json;
import io.copyjobs.wire.CommandRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;

/**
 * JSON values on topics and in stores. Every top-level object carries a {@code schemaVersion}:
 * types that have no such field get one stamped on. Unreadable bytes raise
 * {@link SerializationException}, which Streams' handler sends to the dead-letter topic.
 */
public final class JsonSerde<T> implements Serde<T> {
    private static final ObjectMapper MAPPER = Json.wire();
    private final JavaType type;
    private final boolean stamp;

    private JsonSerde(JavaType type, boolean stamp) {
        this.type = type;
        this.stamp = stamp;
    }

    /** A serde for a type that holds its own {@code schemaVersion}. */
    public static <T> JsonSerde<T> of(Class<T> type) {
        return new JsonSerde<>(MAPPER.constructType(type), false);
    }

    /** A serde that stamps {@code schemaVersion} onto a type that has none (jobs, events). */
    public static <T> JsonSerde<T> stamped(Class<T> type) {
        return new JsonSerde<>(MAPPER.constructType(type), true);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                if (stamp) {
                    ObjectNode node = MAPPER.valueToTree(data);
                    node.put("schemaVersion", CommandRecord.SCHEMA_VERSION);
                    return MAPPER.writeValueAsBytes(node);
                }
                return MAPPER.writeValueAsBytes(data);
            } catch (IOException | IllegalArgumentException e) {
                throw new SerializationException("cannot write " + type + " for " + topic, e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                // Straight into the type: anything but an object of it fails here too, with no tree built first.
                T value = MAPPER.readValue(data, type);
                if (value == null) {
                    throw new SerializationException("empty value on " + topic);
                }
                return value;
            } catch (IOException | IllegalArgumentException e) {
                throw new SerializationException("unreadable " + type.getRawClass().getSimpleName() + " on " + topic
                        + ": " + e.getMessage(), e);
            }
        };
    }
}
