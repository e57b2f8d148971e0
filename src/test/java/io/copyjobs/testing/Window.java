package io.copyjobs.testing;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * A measurement window: a rate is bytes over a stretch of time, so the time itself is what is waited
 * for. Awaitility's poll loop runs it, sampling as it goes, with a bound that ends a window the
 * machine could not keep.
 */
public final class Window {
    private Window() {
    }

    /** One look at what is measured; it may fail as a test's call does. */
    public interface Sample {
        void take() throws Exception;
    }

    /** Takes {@code sample} every {@code every} until {@code length} has passed. */
    public static void of(Duration length, Duration every, Sample sample) {
        long end = System.nanoTime() + length.toNanos();
        await().pollDelay(every).pollInterval(every).atMost(length.plus(Duration.ofSeconds(60))).until(() -> {
            sample.take();
            return System.nanoTime() >= end;
        });
    }

    /** Waits out {@code length}, the window a rate is measured over. */
    public static void of(Duration length) {
        of(length, Duration.ofMillis(200), () -> { });
    }
}
