package io.copyjobs.content;

import java.time.Duration;
import java.util.Optional;

/**
 * A holder answered that it cannot serve the content just now (503 with {@code Retry-After}: it
 * is hashing its copy again, see {@code RotCheck}). No failure of the peer: nothing counts against
 * it; ask another holder, or this one again after {@link #retryAfter}.
 */
public final class PeerBusy extends Exception {
    /** The longest a holder's Retry-After is taken at its word, so that a slip cannot park a fetch. */
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    private final Duration retryAfter;

    PeerBusy(String node, Duration retryAfter) {
        super(node + " is busy: ask again in " + retryAfter.toSeconds() + " s", null, false, false);
        this.retryAfter = retryAfter;
    }

    /** When to ask this holder again. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The wait a {@code Retry-After} in seconds asks for, from 1 s to {@link #MAX_WAIT}; empty for none or an HTTP date. */
    static Optional<Duration> waitOf(String retryAfter) {
        if (retryAfter == null || !retryAfter.trim().matches("\\d{1,9}")) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(Math.max(1, Math.min(Long.parseLong(retryAfter.trim()), MAX_WAIT.toSeconds()))));
    }
}
