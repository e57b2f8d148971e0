package io.copyjobs.http;

import io.copyjobs.it.TestNode;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/** Renames a job over and over on a thread of its own, so that its streams have events to send. */
final class Changes implements AutoCloseable {
    private final AtomicInteger made = new AtomicInteger();
    private final Thread thread;
    private volatile boolean stopping;

    Changes(TestNode on, String id, String token) {
        thread = new Thread(() -> {
            while (!stopping) {
                int n = made.get();
                if (on.patch("/v1/jobs/" + id, token, "{\"displayName\":\"change " + n + "\"}", null).statusCode() == 200) {
                    made.incrementAndGet();
                }
            }
        }, "test-changes");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until {@code n} more changes were made. */
    void awaitMore(int n) {
        int from = made.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> made.get() >= from + n);
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.join(Duration.ofSeconds(30).toMillis());
    }
}
