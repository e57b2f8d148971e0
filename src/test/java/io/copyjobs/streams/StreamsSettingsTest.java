package io.copyjobs.streams;

import io.copyjobs.config.Config;
import io.copyjobs.kafka.Topics;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Streams settings that shape a node's start-up. */
class StreamsSettingsTest {
    final Config config = Config.fromMap(Map.of("COPYJOBS_DATA_DIR", "/tmp/copyjobs-settings-test"));
    final StreamsConfig streams = new StreamsConfig(StreamsSettings.streamsConfig(config.kafka(),
            new HostInfo("localhost", 8080), config.dataDir(), new Topics("copyjobs."), 1,
            StreamsSettings.MIN_SESSION_TIMEOUT_MS));

    /**
     * A task handed to the restorer waits behind the restore consumer's pending fetch for its
     * changelogs' offsets: the short wait must reach that consumer, and only that one (the main
     * consumer's fetches end early on transaction markers anyway).
     */
    @Test
    void only_the_restore_consumer_waits_briefly_on_idle_changelogs() {
        assertThat(streams.getRestoreConsumerConfigs("restore").get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG))
                .isEqualTo(StreamsSettings.RESTORE_FETCH_MAX_WAIT_MS);
        assertThat(StreamsSettings.RESTORE_FETCH_MAX_WAIT_MS).isLessThan(ConsumerConfig.DEFAULT_FETCH_MAX_WAIT_MS);
        assertThat(streams.getMainConsumerConfigs("copyjobs", "main", 0))
                .doesNotContainKey(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG);
    }

    /** The node's meters read the clients' metrics directly: no Streams client registers them in JMX as well. */
    @Test
    void no_streams_client_reports_to_jmx() {
        assertThat(streams.getList(StreamsConfig.METRIC_REPORTER_CLASSES_CONFIG)).isEmpty();
        assertThat(streams.getMainConsumerConfigs("copyjobs", "main", 0).get(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG))
                .isEqualTo("");
        assertThat(streams.getProducerConfigs("producer").get(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG))
                .isEqualTo("");
    }

    /**
     * A commit on a busy machine, or across a broker's loss, can take seconds: a transaction
     * timeout that it outlives rolls the work back and fences the stream thread (issue 20), so the
     * producer gets 20 s, beyond the 9 s a broker takes to be declared dead and the move after it.
     */
    @Test
    void the_streams_producer_keeps_a_transaction_open_for_20_s_before_the_brokers_abort_it() {
        assertThat(streams.getProducerConfigs("producer").get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG))
                .isEqualTo(20_000);
    }
}
