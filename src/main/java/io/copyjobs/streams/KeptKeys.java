package io.copyjobs.streams;

import io.copyjobs.wire.IdempotencyRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Idempotency-Keys a step keeps, each with what its first request came to, tracked in the
 * step's expiry index so that a sweep forgets them one TTL after they were first sent. The owner
 * step keeps CreateJob's, the job step every other operation's.
 */
final class KeptKeys {
    private static final String KIND = "K";

    private final KeyValueStore<String, IdempotencyRecord> store;
    private final ExpiryIndex expiry;

    KeptKeys(KeyValueStore<String, IdempotencyRecord> store, ExpiryIndex expiry) {
        this.store = store;
        this.expiry = expiry;
    }

    /** What the request first sent under {@code key} came to; empty for a new key or none (null). */
    Optional<IdempotencyRecord> first(String key) {
        return key == null ? Optional.empty() : Optional.ofNullable(store.get(key));
    }

    void remember(String key, IdempotencyRecord first) {
        store.put(key, first);
        expiry.track(KIND, first.at(), key);
    }

    /** Forgets up to one sweep batch of the keys first sent before {@code cutoff}; answers how many. */
    int forgetSentBefore(Instant cutoff) {
        List<String> due = expiry.takeDue(KIND, cutoff, OwnerStep.SWEEP_BATCH);
        due.forEach(store::delete);
        return due.size();
    }

    /** Forgets every key that starts with {@code prefix} (a purged job's); their expiry entries lapse alone. */
    void forgetAll(String prefix) {
        List<String> matching = new ArrayList<>();
        try (KeyValueIterator<String, IdempotencyRecord> it = store.prefixScan(prefix, Serdes.String().serializer())) {
            it.forEachRemaining(kv -> matching.add(kv.key));
        }
        matching.forEach(store::delete);
    }
}
