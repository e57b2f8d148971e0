package io.copyjobs.streams;

import org.apache.kafka.streams.processor.api.ProcessorContext;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Asks Streams to commit at once when a command reaches a quiet node fresh. Streams commits only
 * between polls, once {@code commit.interval.ms} has passed since its last commit, and an idle
 * loop's empty commit counts as one: a command that reached an idle node waited about a whole
 * interval for a commit nothing else needed (measured, 10.5 ms of a lone create's 19 ms in the
 * node, the largest hop). Under load nothing is asked, so a transaction still takes many commands:
 * commands then follow each other closer than {@code quietMs}, or have waited behind a commit
 * longer than that since they were sent (a first version that looked at the gap alone asked for a
 * commit after each slow commit, at the head of every batch, and halved the creates/s of 64 clients).
 * One per node, shared by every task: a commit covers all tasks of a stream thread. Only when a
 * commit happens changes, not what it holds: exactly-once is Streams' as before. A sender's clock
 * ahead of this node's makes commands look older: they then wait for the interval, as before.
 */
final class PromptCommits {
    private final long quietMs;
    private final AtomicLong lastArrivalMs = new AtomicLong(Long.MIN_VALUE / 2);

    PromptCommits(long quietMs) {
        this.quietMs = quietMs;
    }

    /** Called as a step takes a command sent at {@code sentAtMs} (its record's timestamp). */
    void arrived(ProcessorContext<?, ?> context, long sentAtMs) {
        long now = context.currentSystemTimeMs();
        boolean quiet = now - lastArrivalMs.getAndSet(now) > quietMs;
        if (quiet && now - sentAtMs <= quietMs) {
            context.commit();
        }
    }
}
