package io.copyjobs.content;

import io.copyjobs.kafka.JsonSerde;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells the fleet what this node holds, on the content topic: each content as it grows (at most
 * every {@value #PACE_BYTES} bytes or {@value #PACE_MILLIS} ms, not per buffer: every record is a
 * write every node reads), once verified with its manifest, and a tombstone once deleted.
 */
public final class ContentAdvertiser implements ContentStore.Listener {
    static final long PACE_BYTES = 4L << 20;
    static final long PACE_MILLIS = 1000;
    static final JsonSerde<ContentRecord> SERDE = JsonSerde.stamped(ContentRecord.class);
    /** The key prefix of a node's word that its transfers are off ({@code transfers-off/<node>}; its only writer). */
    static final String TRANSFERS_OFF = "transfers-off/";

    /** Writes one record to the topic (the node's producer); a null value is a tombstone. */
    @FunctionalInterface
    public interface Publisher {
        void publish(String topic, String key, byte[] value);
    }

    private record Last(long bytes, long millis) {
    }

    private final Publisher publisher;
    private final String topic;
    private final String node;
    private final Map<ContentId, Last> last = new ConcurrentHashMap<>();

    public ContentAdvertiser(Publisher publisher, String topic, String node) {
        this.publisher = publisher;
        this.topic = topic;
        this.node = node;
    }

    /**
     * Tells the fleet whether {@code node}'s transfers are off, at its start: a node that is off is
     * still in the group (it may own a content's partition) but must not be ranked as a seeder or
     * a copy's holder ({@link Fleet}); a node that is on again withdraws the word (a tombstone).
     */
    public static void announce(Publisher publisher, String topic, String node, boolean transfersOff) {
        publisher.publish(topic, TRANSFERS_OFF + node, transfersOff
                ? SERDE.serializer().serialize(topic, new ContentRecord(node, -1, 0, false, null, null)) : null);
    }

    /** This node's name, as its records carry it. */
    public String node() {
        return node;
    }

    /**
     * A content that grows here: {@code available} bytes of {@code size} (-1 when unknown), from
     * the origin's answer with {@code validator} (null when unknown); paced, but for the last
     * bytes: peers fetch those while this node checks the whole, rather than after.
     */
    public void progress(ContentId id, long size, long available, String validator) {
        long now = System.currentTimeMillis();
        Last before = last.get(id);
        boolean whole = available == size && (before == null || before.bytes() < size);
        if (before == null || whole || available - before.bytes() >= PACE_BYTES || now - before.millis() >= PACE_MILLIS) {
            last.put(id, new Last(available, now));
            send(id, new ContentRecord(node, size, available, false, null, validator));
        }
    }

    @Override
    public void finished(StoredContent content) {
        last.remove(content.id());
        send(content.id(), ContentRecord.complete(node, content));
    }

    @Override
    public void removed(ContentId id) {
        last.remove(id);
        publisher.publish(topic, ContentRecord.key(id, node), null);
    }

    /** The tombstone of a departed node's record of {@code id}, written by the content's seeder ({@link Departures}). */
    void withdraw(ContentId id, String departed) {
        publisher.publish(topic, ContentRecord.key(id, departed), null);
    }

    private void send(ContentId id, ContentRecord record) {
        publisher.publish(topic, ContentRecord.key(id, node), SERDE.serializer().serialize(topic, record));
    }
}
