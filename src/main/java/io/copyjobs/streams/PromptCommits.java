package io.copyjobs.streams;

import org.apache.kafka.streams.processor.api.ProcessorContext;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Asks Streams to commit at once when a step answers a command after a quiet spell. Streams
 * commits only between polls, once {@code commit.interval.ms} has passed since its last commit,
 * and an idle loop's empty commit counts as one: a command that reached an idle node waited about
 * a whole interval for a commit nothing else needed (measured, 10.5 ms of a lone create's 19 ms in
 * the node, the largest hop; bench/RESULTS.md). When answers follow each other closer than
 * {@code quietMs}, as under load, nothing is asked, so a transaction still takes many commands
 * and the commit rate stays that of the interval. One per node, shared by every task: a commit
 * covers all tasks of a stream thread, so a busy node asks for none whichever task answers.
 * Only the timing of a commit changes, not what it holds: exactly-once is Streams' as before.
 */
final class PromptCommits {
    private final long quietMs;
    private final AtomicLong lastAnswerMs = new AtomicLong(Long.MIN_VALUE / 2);

    PromptCommits(long quietMs) {
        this.quietMs = quietMs;
    }

    /** Called as a step forwards an answer: asks for a commit when none was answered for {@code quietMs}. */
    void answered(ProcessorContext<?, ?> context) {
        long now = context.currentSystemTimeMs();
        if (now - lastAnswerMs.getAndSet(now) > quietMs) {
            context.commit();
        }
    }
}
