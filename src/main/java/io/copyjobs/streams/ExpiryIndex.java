package io.copyjobs.streams;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A time-ordered index over a store: {@code kind, time, key}. A sweep reads only what is due,
 * from the start of a kind up to a cutoff, instead of scanning every job or key.
 */
final class ExpiryIndex {
    private static final char SEP = '\u0000';
    private final KeyValueStore<String, String> store;

    ExpiryIndex(KeyValueStore<String, String> store) {
        this.store = store;
    }

    void track(String kind, Instant at, String key) {
        store.put(entry(kind, at.toEpochMilli(), key), key);
    }

    void untrack(String kind, Instant at, String key) {
        store.delete(entry(kind, at.toEpochMilli(), key));
    }

    /**
     * Removes and returns up to {@code limit} keys of {@code kind} tracked before {@code cutoff},
     * oldest first. The iterator is closed before the caller changes other stores.
     */
    List<String> takeDue(String kind, Instant cutoff, int limit) {
        List<KeyValue<String, String>> due = new ArrayList<>();
        String from = kind + SEP;
        String to = entry(kind, cutoff.toEpochMilli(), "");
        try (KeyValueIterator<String, String> it = store.range(from, to)) {
            while (it.hasNext() && due.size() < limit) {
                due.add(it.next());
            }
        }
        List<String> keys = new ArrayList<>(due.size());
        for (KeyValue<String, String> kv : due) {
            store.delete(kv.key);
            keys.add(kv.value);
        }
        return keys;
    }

    private static String entry(String kind, long millis, String key) {
        return kind + SEP + String.format(Locale.ROOT, "%016x", Math.max(0, millis)) + SEP + key;
    }
}
