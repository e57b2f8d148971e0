package io.copyjobs.transfer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The flow control between the JDK client's connection and the transfer thread: the demand the
 * body keeps open is what lets the connection read on while the thread writes.
 */
class BodyChunksTest {
    private final Demand demand = new Demand();
    private final BodyChunks body = new BodyChunks();

    @Test
    void the_connection_is_asked_for_one_list_then_for_a_window_ahead_once_the_first_is_taken() throws Exception {
        body.onSubscribe(demand);
        assertThat(demand.requested).isEqualTo(1);

        body.onNext(List.of(bytes(1)));
        assertThat(body.next(0)).extracting(ByteBuffer::remaining).containsExactly(1);

        assertThat(demand.requested - 1).as("lists asked for and not yet delivered").isEqualTo(BodyChunks.WINDOW)
                .isGreaterThan(1);
    }

    @Test
    void the_lists_come_one_at_a_time_in_order_and_each_taken_one_is_asked_for_again() throws Exception {
        body.onSubscribe(demand);
        body.onNext(List.of(bytes(1)));
        body.onNext(List.of(bytes(2), bytes(3)));
        body.onNext(List.of(bytes(4)));

        assertThat(body.next(0)).extracting(ByteBuffer::remaining).containsExactly(1);
        long afterFirst = demand.requested;
        assertThat(body.next(0)).extracting(ByteBuffer::remaining).containsExactly(2, 3);
        assertThat(body.next(0)).extracting(ByteBuffer::remaining).containsExactly(4);
        assertThat(demand.requested).isEqualTo(afterFirst + 2);
        assertThat(body.next(0)).isNull();
    }

    @Test
    void the_end_behind_the_last_lists_comes_after_them_and_stays() throws Exception {
        body.onSubscribe(demand);
        body.onNext(List.of(bytes(5)));
        body.onComplete();

        assertThat(body.next(0)).extracting(ByteBuffer::remaining).containsExactly(5);
        assertThat(body.next(0)).isEmpty();
        assertThat(body.next(0)).isEmpty();
    }

    @Test
    void a_failure_behind_the_last_lists_comes_after_them_and_stays() throws Exception {
        body.onSubscribe(demand);
        body.onNext(List.of(bytes(6)));
        body.onError(new IOException("connection reset"));

        assertThat(body.next(0)).extracting(ByteBuffer::remaining).containsExactly(6);
        assertThatThrownBy(() -> body.next(0)).isInstanceOf(IOException.class).hasMessageContaining("connection reset");
        assertThatThrownBy(() -> body.next(0)).isInstanceOf(IOException.class);
    }

    @Test
    void close_cancels_the_subscription() {
        body.onSubscribe(demand);
        body.close();

        assertThat(demand.cancelled).isTrue();
    }

    private static ByteBuffer bytes(int n) {
        return ByteBuffer.allocate(n);
    }

    /** The connection's side of the subscription: what was asked of it. */
    private static final class Demand implements Flow.Subscription {
        long requested;
        boolean cancelled;

        @Override
        public void request(long n) {
            requested += n;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
