package io.copyjobs.metrics;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The decaying rate on a clock the test moves: a steady flow reads as its rate, a stopped one fades. */
class DecayingRateTest {
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final DecayingRate rate = new DecayingRate(Duration.ofSeconds(3), nanos::get);

    @Test
    void a_steady_flow_reads_as_its_rate_after_a_few_time_constants() {
        for (int i = 0; i < 300; i++) {
            nanos.addAndGet(Duration.ofMillis(100).toNanos());
            rate.add(25_600);
        }
        assertThat(rate.perSecond()).isCloseTo(256_000, within(256_000 * 0.03));
    }

    @Test
    void a_flow_that_stops_fades_to_nothing_and_nothing_is_zero() {
        assertThat(rate.perSecond()).isZero();
        for (int i = 0; i < 100; i++) {
            nanos.addAndGet(Duration.ofMillis(100).toNanos());
            rate.add(1_000);
        }
        double flowing = rate.perSecond();
        nanos.addAndGet(Duration.ofSeconds(3).toNanos());
        assertThat(rate.perSecond()).isCloseTo(flowing / Math.E, within(1.0));
        nanos.addAndGet(Duration.ofSeconds(60).toNanos());
        assertThat(rate.perSecond()).isLessThan(0.01);
    }
}
