package io.copyjobs.kafka;

import org.apache.kafka.common.serialization.Serde;

/** A topic or store with the serdes of its keys and values: names never travel alone. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
}
