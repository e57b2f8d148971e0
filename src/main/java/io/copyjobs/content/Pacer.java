package io.copyjobs.content;

import java.util.function.BooleanSupplier;

/**
 * Keeps a peer fetch to the bandwidth limits of its node and job (issue 18): bytes from peers
 * count against them as bytes from the origin do. The transfer engine's throttle is one.
 */
@FunctionalInterface
public interface Pacer {
    /** No limit: tests, and fetches no limit applies to. */
    Pacer FREE = (bytes, cancelled) -> !cancelled.getAsBoolean();

    /**
     * Pays for {@code bytes} just received and waits out the debt, seeing {@code cancelled} meanwhile.
     *
     * @return false when {@code cancelled} became true while waiting
     */
    boolean pay(long bytes, BooleanSupplier cancelled) throws InterruptedException;
}
