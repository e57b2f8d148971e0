package io.copyjobs.content;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Keeps every thread of the stores' rot checks busy until closed, so that a check a serve starts
 * meanwhile waits in the queue as on a node whose disk is slow or whose checks are many: the real
 * store then answers busy for real, for as long as a test needs (a test's content hashes in a
 * millisecond otherwise). For tests of other packages too.
 */
public final class HeldChecks implements AutoCloseable {
    private final CountDownLatch release = new CountDownLatch(1);

    private HeldChecks() {
    }

    /** Holds every check thread; returns once they all wait. */
    public static HeldChecks hold() {
        HeldChecks held = new HeldChecks();
        int threads = RotCheck.CHECKS.getMaximumPoolSize();
        CountDownLatch waiting = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            RotCheck.CHECKS.execute(() -> {
                waiting.countDown();
                try {
                    held.release.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> waiting.getCount() == 0);
        return held;
    }

    @Override
    public void close() {
        release.countDown();
    }
}
