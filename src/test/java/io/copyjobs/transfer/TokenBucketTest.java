package io.copyjobs.transfer;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(42 * SECOND);

    @Test
    void a_full_bucket_lends_a_tenth_of_a_second_then_asks_to_wait_out_the_debt() {
        TokenBucket bucket = new TokenBucket(1000, now::get);
        assertThat(bucket.reserve(100)).isZero();
        assertThat(bucket.reserve(500)).isEqualTo(SECOND / 2);
        now.addAndGet(SECOND / 2);
        assertThat(bucket.reserve(0)).isZero();
    }

    @Test
    void the_average_rate_is_the_limit_whatever_the_chunk_sizes() {
        TokenBucket bucket = new TokenBucket(1000, now::get);
        long start = now.get();
        long bytes = 0;
        for (int i = 0; i < 1000; i++) {
            int chunk = 1 + (i * 37) % 300;
            bytes += chunk;
            now.addAndGet(bucket.reserve(chunk));
        }
        double seconds = (double) (now.get() - start) / SECOND;
        // The first tenth of a second's worth is credit; everything after it is paid at the rate.
        assertThat((bytes - 100) / seconds).isCloseTo(1000.0, offset(1.0));
    }

    @Test
    void callers_sharing_a_bucket_wait_in_turn_for_equal_shares() {
        TokenBucket bucket = new TokenBucket(1000, now::get);
        bucket.reserve(100);
        long first = bucket.reserve(250);
        long second = bucket.reserve(250);
        assertThat(first).isEqualTo(SECOND / 4);
        assertThat(second).isEqualTo(SECOND / 2);
    }

    @Test
    void idle_time_buys_no_more_than_a_tenth_of_a_second() {
        TokenBucket bucket = new TokenBucket(1000, now::get);
        now.addAndGet(3600 * SECOND);
        assertThat(bucket.reserve(100)).isZero();
        assertThat(bucket.reserve(1)).isEqualTo(SECOND / 1000);
    }

    @Test
    void a_new_rate_applies_from_now_on() {
        TokenBucket bucket = new TokenBucket(1000, now::get);
        bucket.reserve(100);
        bucket.rate(2000);
        assertThat(bucket.rate()).isEqualTo(2000);
        assertThat(bucket.reserve(1000)).isEqualTo(SECOND / 2);
    }

    @Test
    void a_rate_must_be_positive() {
        assertThatThrownBy(() -> new TokenBucket(0, now::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
