package io.copyjobs.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Bytes per second over the last few seconds of samples, and the time left at that pace. A window
 * rather than the average since the start, so that a stall or a burst shows within seconds.
 */
final class RateMeter {
    private record Sample(Instant at, long bytes) {
    }

    private final Duration window;
    private final Deque<Sample> samples = new ArrayDeque<>();

    RateMeter(Duration window) {
        this.window = window;
    }

    void add(Instant at, long bytes) {
        if (!samples.isEmpty() && bytes < samples.getLast().bytes()) {
            samples.clear(); // a file started over (its partial copy was lost): the old pace means nothing now
        }
        samples.addLast(new Sample(at, bytes));
        while (samples.size() > 2 && samples.getFirst().at().isBefore(at.minus(window))) {
            samples.removeFirst();
        }
    }

    OptionalDouble rate() {
        if (samples.size() < 2) {
            return OptionalDouble.empty();
        }
        double seconds = Duration.between(samples.getFirst().at(), samples.getLast().at()).toMillis() / 1000.0;
        return seconds <= 0 ? OptionalDouble.empty()
                : OptionalDouble.of((samples.getLast().bytes() - samples.getFirst().bytes()) / seconds);
    }

    /** How long {@code remaining} bytes take at the current pace; empty when unknown or stalled. */
    Optional<Duration> eta(long remaining) {
        OptionalDouble rate = rate();
        if (remaining < 0 || rate.isEmpty() || rate.getAsDouble() <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(Math.round(remaining / rate.getAsDouble() * 1000)));
    }
}
