package io.copyjobs.job;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Feeds a value into a digest, record component by record component, so that every field of a
 * job counts without a list of fields to keep up to date. Faster than digesting {@code toString()}:
 * on Java 17 a record's {@code toString} goes through {@code String.format}, which JFR showed as
 * most of an ETag's cost, and GetJob makes one per answer.
 */
final class ContentDigest {
    private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);
    private static final ClassValue<MethodHandle[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected MethodHandle[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            MethodHandle[] getters = new MethodHandle[components.length];
            for (int i = 0; i < components.length; i++) {
                try {
                    getters[i] = MethodHandles.publicLookup().unreflect(components[i].getAccessor()).asType(GETTER);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("the model's records are public: " + type, e);
                }
            }
            return getters;
        }
    };

    private ContentDigest() {
    }

    /** Adds {@code value}: records by their components, lists element by element, the rest as text. */
    static void add(MessageDigest digest, Object value) {
        if (value == null) {
            digest.update((byte) 0);
        } else if (value.getClass().isRecord()) {
            digest.update((byte) '{');
            for (MethodHandle getter : COMPONENTS.get(value.getClass())) {
                add(digest, component(getter, value));
            }
            digest.update((byte) '}');
        } else if (value instanceof List<?> list) {
            digest.update((byte) '[');
            list.forEach(element -> add(digest, element));
            digest.update((byte) ']');
        } else {
            byte[] text = value.toString().getBytes(StandardCharsets.UTF_8);
            // The length first, so that ("ab", "c") and ("a", "bc") differ.
            digest.update((byte) (text.length >>> 24));
            digest.update((byte) (text.length >>> 16));
            digest.update((byte) (text.length >>> 8));
            digest.update((byte) text.length);
            digest.update(text);
        }
    }

    private static Object component(MethodHandle getter, Object record) {
        try {
            return getter.invokeExact(record);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("a record accessor threw " + e, e);
        }
    }
}
