package io.copyjobs.streams;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The KAFKA-18202 warning: only transactions v2 on replicated topics, where a broker's loss can stall writes. */
class TransactionVersionCheckTest {
    @ParameterizedTest(name = "transaction.version {0}, replication {1}: warned {2}")
    @CsvSource({"0, 3, false", "1, 3, false", "2, 1, false", "2, 3, true", "3, 2, true"})
    void warns_for_v2_on_replicated_topics_only(int level, int replication, boolean warned) {
        assertThat(TransactionVersionCheck.warning(level, replication)).as("warning").matches(w -> w.isPresent() == warned);
        TransactionVersionCheck.warning(level, replication).ifPresent(w ->
                assertThat(w).contains("transaction.version=" + level, "KAFKA-18202", "--feature transaction.version=1"));
    }
}
