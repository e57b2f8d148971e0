package io.copyjobs.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RateMeterTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void the_rate_is_measured_over_the_window_and_gives_the_time_left() {
        RateMeter meter = new RateMeter(Duration.ofSeconds(5));
        assertThat(meter.rate()).isEmpty();
        meter.add(T0, 0);
        meter.add(T0.plusSeconds(1), 1000);
        meter.add(T0.plusSeconds(2), 2000);
        assertThat(meter.rate()).hasValue(1000.0);
        assertThat(meter.eta(5000)).hasValue(Duration.ofSeconds(5));
    }

    @Test
    void old_samples_leave_the_window_so_a_change_of_pace_shows() {
        RateMeter meter = new RateMeter(Duration.ofSeconds(5));
        meter.add(T0, 0);
        meter.add(T0.plusSeconds(10), 100_000); // fast at first
        meter.add(T0.plusSeconds(20), 100_100);
        meter.add(T0.plusSeconds(21), 100_200);
        assertThat(meter.rate()).hasValue(100.0);
    }

    @Test
    void no_estimate_when_stalled_when_the_size_is_unknown_or_after_a_restart() {
        RateMeter meter = new RateMeter(Duration.ofSeconds(5));
        meter.add(T0, 500);
        meter.add(T0.plusSeconds(1), 500);
        assertThat(meter.eta(100)).isEmpty();
        meter.add(T0.plusSeconds(2), 900);
        assertThat(meter.eta(-1)).isEmpty();
        meter.add(T0.plusSeconds(3), 0); // the file started over
        assertThat(meter.rate()).isEmpty();
    }
}
