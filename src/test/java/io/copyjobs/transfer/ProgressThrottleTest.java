package io.copyjobs.transfer;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The pace of progress reports, on a clock the test moves. */
class ProgressThrottleTest {
    private final AtomicLong clock = new AtomicLong();
    private final Downloads.Reports reports = new Downloads.Reports();
    private final ProgressThrottle throttle = new ProgressThrottle(reports, Duration.ofSeconds(1), 1000, clock::get);

    @Test
    void the_first_figures_are_reported_at_once() {
        throttle.report(5000, 0);

        assertThat(transferred()).containsExactly(0L);
    }

    @Test
    void a_slow_transfer_is_reported_once_a_second() {
        throttle.report(5000, 0);
        for (long bytes = 10; bytes <= 300; bytes += 10) {
            clock.addAndGet(Duration.ofMillis(100).toNanos());
            throttle.offer(5000, bytes);
        }

        assertThat(transferred()).containsExactly(0L, 100L, 200L, 300L);
    }

    @Test
    void a_fast_transfer_is_reported_once_per_so_many_bytes() {
        throttle.report(5000, 0);
        for (long bytes = 100; bytes <= 3000; bytes += 100) {
            throttle.offer(5000, bytes);
        }

        assertThat(transferred()).containsExactly(0L, 1000L, 2000L, 3000L);
    }

    private List<Long> transferred() {
        return reports.all.stream().map(Downloads.Report::transferred).toList();
    }
}
