package io.copyjobs.content;

import io.copyjobs.kafka.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who holds what, read from the whole content topic by one consumer per node (no group: every
 * node needs every record) into memory. A record of this node for a content its store no longer
 * has (deleted while the node was down) is withdrawn: the node is that key's writer; a tombstone of
 * its own for a content it holds (written by a seeder that took it for departed, {@link Departures})
 * is answered with its record again.
 */
public final class ContentDirectory extends TopicReader<ContentRecord> {
    private final Map<ContentId, Map<String, ContentRecord>> holders = new ConcurrentHashMap<>();
    private final String topic;
    private final Fleet fleet;
    private final ContentStore store;
    private final ContentAdvertiser advertiser;

    public ContentDirectory(Map<String, String> kafka, String bootstrap, String topic, Fleet fleet, ContentStore store,
                            ContentAdvertiser advertiser) {
        super(new KafkaConsumer<>(readerProperties(kafka, bootstrap, "copyjobs-content-" + fleet.self()),
                new StringDeserializer(), ContentAdvertiser.SERDE.deserializer()), "copyjobs-content-directory");
        this.topic = topic;
        this.fleet = fleet;
        this.store = store;
        this.advertiser = advertiser;
    }

    /** What the live nodes other than this one hold of {@code id}. */
    public List<ContentRecord> holders(ContentId id) {
        Set<String> live = fleet.live();
        return holders.getOrDefault(id, Map.of()).values().stream()
                .filter(r -> !r.node().equals(fleet.self()) && live.contains(r.node())).toList();
    }

    /** Every node with records, and the contents they name: those of nodes out of the group too. */
    Map<String, Set<ContentId>> byNode() {
        Map<String, Set<ContentId>> nodes = new HashMap<>();
        holders.forEach((id, byNode) -> byNode.keySet().forEach(n -> nodes.computeIfAbsent(n, k -> new HashSet<>()).add(id)));
        return nodes;
    }

    /** Every content some node holds or held. */
    public Set<ContentId> contents() {
        return Set.copyOf(holders.keySet());
    }

    @Override
    protected void position(KafkaConsumer<String, ContentRecord> consumer) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    @Override
    protected void handle(ConsumerRecord<String, ContentRecord> record) {
        if (record.key() != null && record.key().startsWith(ContentAdvertiser.TRANSFERS_OFF)) {
            fleet.transfersOff(record.key().substring(ContentAdvertiser.TRANSFERS_OFF.length()), record.value() != null);
            return;
        }
        int slash = record.key() == null ? -1 : record.key().indexOf('/');
        Optional<ContentId> id = slash < 0 ? Optional.empty() : ContentId.parse(record.key().substring(0, slash));
        if (id.isEmpty()) {
            return;
        }
        String node = record.key().substring(slash + 1);
        ContentRecord value = record.value();
        if (value == null || !value.node().equals(node)) {
            holders.computeIfPresent(id.get(), (k, byNode) -> {
                byNode.remove(node);
                return byNode.isEmpty() ? null : byNode;
            });
            if (node.equals(fleet.self())) {
                // A seeder took this node for departed (Departures): it is back, with the content.
                store.all().stream().filter(c -> c.id().equals(id.get())).findFirst().ifPresent(advertiser::finished);
            }
        } else {
            holders.computeIfAbsent(id.get(), k -> new ConcurrentHashMap<>()).put(node, value);
            if (node.equals(fleet.self()) && !store.holds(id.get())) {
                advertiser.removed(id.get());
            }
        }
    }
}
