package io.copyjobs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stack a node's parts are started on: stopped in reverse order, also when a later start fails. */
class CloserTest {
    final List<String> closed = new ArrayList<>();

    AutoCloseable part(String name) {
        return () -> closed.add(name);
    }

    @Test
    void parts_close_in_the_reverse_order_of_their_start_and_a_failing_one_stops_none_of_the_others() {
        Closer closer = new Closer();
        closer.push(part("lock"));
        closer.push(() -> {
            closed.add("broker");
            throw new IOException("already gone");
        });
        closer.push(part("http"));
        closer.close();
        assertThat(closed).containsExactly("http", "broker", "lock");
        closer.close();
        assertThat(closed).as("closed once").hasSize(3);
    }

    @Test
    void a_failed_start_stops_what_it_had_started_and_fails_with_its_own_error() {
        IllegalStateException failure = new IllegalStateException("topics have no leaders");
        assertThatThrownBy(() -> Closer.starting(resources -> {
            resources.push(part("admin"));
            resources.push(part("outcomes"));
            throw failure;
        })).isSameAs(failure);
        assertThat(closed).containsExactly("outcomes", "admin");
    }

    @Test
    void a_started_assembly_keeps_its_stack_open_until_it_is_closed() throws IOException {
        Closer stack = Closer.starting(resources -> {
            resources.push(part("engine"));
            return resources;
        });
        assertThat(closed).isEmpty();
        stack.close();
        assertThat(closed).containsExactly("engine");
    }

    @Test
    void a_pool_of_the_stack_is_shut_down_with_it() {
        Closer closer = new Closer();
        ScheduledExecutorService pool = closer.daemons("copyjobs-test", 1);
        closer.close();
        assertThat(pool.isShutdown()).isTrue();
    }
}
