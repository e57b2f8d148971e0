package io.copyjobs.streams;

import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class PromptCommitsTest {
    private final PromptCommits prompt = new PromptCommits(10);

    private static MockProcessorContext<String, Object> task(int partition, long nowMs) {
        MockProcessorContext<String, Object> context = new MockProcessorContext<>(new Properties(), new TaskId(0, partition), null);
        context.setCurrentSystemTimeMs(nowMs);
        return context;
    }

    @Test
    void a_fresh_command_on_a_quiet_node_asks_for_a_commit_at_once() {
        MockProcessorContext<String, Object> context = task(0, 1_000);

        prompt.arrived(context, 998);

        assertThat(context.committed()).isTrue();
    }

    /** Under load commands come closer than the interval: they wait for the interval's commit, many to a transaction. */
    @Test
    void commands_closer_than_the_quiet_spell_ask_for_nothing_more() {
        MockProcessorContext<String, Object> context = task(0, 1_000);
        prompt.arrived(context, 999);
        for (long t = 1_004; t <= 1_100; t += 4) {
            context.resetCommit();
            context.setCurrentSystemTimeMs(t);
            prompt.arrived(context, t - 1);
            assertThat(context.committed()).as("command at %d ms", t).isFalse();
        }

        context.setCurrentSystemTimeMs(1_111);
        prompt.arrived(context, 1_110);

        assertThat(context.committed()).as("the first command after 11 quiet ms").isTrue();
    }

    /** The head of a batch that queued behind a slow commit: its commit comes with the batch's. */
    @Test
    void a_command_that_waited_longer_than_the_interval_asks_for_nothing() {
        MockProcessorContext<String, Object> context = task(0, 1_000);

        prompt.arrived(context, 985);

        assertThat(context.committed()).isFalse();
    }

    /** A commit covers every task of the thread: a node busy in one task asks for none when another takes a command. */
    @Test
    void the_quiet_spell_is_the_whole_nodes_not_one_tasks() {
        prompt.arrived(task(0, 1_000), 999);
        MockProcessorContext<String, Object> other = task(7, 1_003);

        prompt.arrived(other, 1_002);

        assertThat(other.committed()).isFalse();
    }
}
