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
    void an_answer_on_a_quiet_node_asks_for_a_commit_at_once() {
        MockProcessorContext<String, Object> context = task(0, 1_000);

        prompt.answered(context);

        assertThat(context.committed()).isTrue();
    }

    /** Under load answers come closer than the interval: they wait for the interval's commit, many to a transaction. */
    @Test
    void answers_closer_than_the_quiet_spell_ask_for_nothing_more() {
        MockProcessorContext<String, Object> context = task(0, 1_000);
        prompt.answered(context);
        for (long t = 1_004; t <= 1_100; t += 4) {
            context.resetCommit();
            context.setCurrentSystemTimeMs(t);
            prompt.answered(context);
            assertThat(context.committed()).as("answer at %d ms", t).isFalse();
        }

        context.setCurrentSystemTimeMs(1_111);
        prompt.answered(context);

        assertThat(context.committed()).as("the first answer after 11 quiet ms").isTrue();
    }

    /** A commit covers every task of the thread: a node busy in one task asks for none when another answers. */
    @Test
    void the_quiet_spell_is_the_whole_nodes_not_one_tasks() {
        prompt.answered(task(0, 1_000));
        MockProcessorContext<String, Object> other = task(7, 1_003);

        prompt.answered(other);

        assertThat(other.committed()).isFalse();
    }
}
