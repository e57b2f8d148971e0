package io.copyjobs.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

class UnitsTest {

    @Test
    void sizes_read_in_binary_units_with_one_decimal() {
        assertThat(Units.bytes(0)).isEqualTo("0 B");
        assertThat(Units.bytes(1023)).isEqualTo("1023 B");
        assertThat(Units.bytes(1024)).isEqualTo("1.0 KiB");
        assertThat(Units.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Units.bytes(5L << 30)).isEqualTo("5.0 GiB");
        assertThat(Units.bytes(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
    }

    @Test
    void an_unknown_size_is_a_question_mark() {
        assertThat(Units.bytes(-1)).isEqualTo("?");
        assertThat(Units.percent(5, -1)).isEqualTo("?");
        assertThat(Units.bar(5, -1, 4)).isEqualTo("[????]");
    }

    @Test
    void a_rate_is_a_size_per_second_or_unknown() {
        assertThat(Units.rate(OptionalDouble.of(2.5 * 1024 * 1024))).isEqualTo("2.5 MiB/s");
        assertThat(Units.rate(OptionalDouble.of(0.4))).isEqualTo("0 B/s");
        assertThat(Units.rate(OptionalDouble.empty())).isEqualTo("?");
    }

    @Test
    void an_eta_reads_as_a_clock_with_hours_only_when_needed() {
        assertThat(Units.eta(Optional.of(Duration.ofSeconds(7)))).isEqualTo("0:07");
        assertThat(Units.eta(Optional.of(Duration.ofSeconds(754)))).isEqualTo("12:34");
        assertThat(Units.eta(Optional.of(Duration.ofSeconds(3723)))).isEqualTo("1:02:03");
        assertThat(Units.eta(Optional.empty())).isEqualTo("?");
    }

    @Test
    void percent_and_bar_round_down_so_that_full_means_done() {
        assertThat(Units.percent(999, 1000)).isEqualTo("99%");
        assertThat(Units.percent(1000, 1000)).isEqualTo("100%");
        assertThat(Units.percent(0, 0)).isEqualTo("100%");
        assertThat(Units.bar(999, 1000, 4)).isEqualTo("[###-]");
        assertThat(Units.bar(0, 1000, 4)).isEqualTo("[----]");
        assertThat(Units.bar(1000, 1000, 4)).isEqualTo("[####]");
    }
}
