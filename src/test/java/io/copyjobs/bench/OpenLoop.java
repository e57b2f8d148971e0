package io.copyjobs.bench;

import org.HdrHistogram.Histogram;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * An open-loop load generator: request {@code i} is due at {@code start + i ÷ rate}, whether or
 * not earlier ones were answered, and its latency is counted from that intended time, not from
 * when it was sent (wrk2's correction for coordinated omission): a server that falls behind shows
 * its queue in the latencies instead of slowing the generator down. At most
 * {@link #MAX_IN_FLIGHT} requests are unanswered; a request sent more than {@link #LATE} after
 * its due time (that cap reached, or the senders descheduled) is counted as late, so that a
 * generator too slow for the rate shows as such.
 *
 * <p>Jetty's asynchronous client rather than {@code java.net.http}: on this 2-core machine the
 * JDK client spent about 1 ms of CPU per request and could not hold 1,000/s against a server
 * answering from a HashMap; Jetty's held 2,000/s at p99 29 ms using 0.2 ms per request.
 */
final class OpenLoop implements AutoCloseable {
    /**
     * Enough for any rate that could hold p99 ≤ 100 ms (below 5,000/s, 512 in flight already means
     * more than 100 ms of queue), few enough that an overloaded server does not make the client
     * open connection after connection.
     */
    static final int MAX_IN_FLIGHT = 512;
    static final Duration LATE = Duration.ofMillis(10);
    /** Senders share the schedule round-robin, so that one descheduled thread delays few requests. */
    static final int SENDERS = 4;
    private final HttpClient client = new HttpClient();

    OpenLoop() throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("open-loop-client");
        threads.setDaemon(true);
        client.setExecutor(threads);
        client.setMaxConnectionsPerDestination(MAX_IN_FLIGHT);
        client.setUserAgentField(null);
        // The JDK client of the closed loop asks for no compression either.
        client.getContentDecoderFactories().clear();
        client.start();
    }

    /** What one run at a fixed rate measured: latency from each request's intended send time. */
    record Step(double rate, Histogram latency, long errors, long late) {
        boolean holds(Duration p99) {
            return errors == 0 && latency.getTotalCount() > 0 && latency.getValueAtPercentile(99) <= p99.toNanos();
        }

        String describe() {
            return String.format(Locale.ROOT, "%.0f/s for %.0f s: %s, %d errors, %d sent late (> %d ms behind schedule)",
                    rate, latency.getTotalCount() / rate, Stats.latency(latency), errors, late, LATE.toMillis());
        }
    }

    /**
     * Sends {@code requests} (made on this generator's client) at {@code rate} per second for
     * {@code warmup} unmeasured and then {@code duration} measured, and waits for every answer
     * (each request carries its own timeout).
     */
    Step run(double rate, Duration warmup, Duration duration, int expectedStatus, Function<HttpClient, Request> requests)
            throws InterruptedException {
        Schedule schedule = new Schedule(System.nanoTime() + Duration.ofMillis(20).toNanos(), rate,
                (long) (rate * warmup.toNanos() / 1e9), (long) (rate * (warmup.toNanos() + duration.toNanos()) / 1e9));
        List<Thread> senders = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            int first = s;
            Thread t = new Thread(() -> schedule.send(first, expectedStatus, requests), "open-loop-" + s);
            t.start();
            senders.add(t);
        }
        for (Thread t : senders) {
            t.join();
        }
        // Every answer is in once every slot is free again; a request's own timeout bounds the wait.
        if (!schedule.slots.tryAcquire(MAX_IN_FLIGHT, 2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("open loop: requests still unanswered 2 minutes after the last was sent");
        }
        return new Step(rate, schedule.latency, schedule.errors.get(), schedule.late.get());
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }

    /** One run's due times and what its answers measured; request {@code i} counts from index {@code from}. */
    private final class Schedule {
        final Semaphore slots = new Semaphore(MAX_IN_FLIGHT);
        final Histogram latency = Stats.concurrentHistogram();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong late = new AtomicLong();
        private final long start;
        private final double rate;
        private final long from;
        private final long to;

        Schedule(long start, double rate, long from, long to) {
            this.start = start;
            this.rate = rate;
            this.from = from;
            this.to = to;
        }

        void send(int first, int expectedStatus, Function<HttpClient, Request> requests) {
            for (long i = first; i < to; i += SENDERS) {
                long due = start + (long) (i * 1e9 / rate);
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                slots.acquireUninterruptibly();
                boolean measured = i >= from;
                if (measured && System.nanoTime() - due > LATE.toNanos()) {
                    late.incrementAndGet();
                }
                requests.apply(client).send(result -> {
                    long answered = System.nanoTime();
                    slots.release();
                    if (measured) {
                        latency.recordValue(answered - due);
                        if (result.isFailed() || result.getResponse().getStatus() != expectedStatus) {
                            errors.incrementAndGet();
                        }
                    }
                });
            }
        }
    }
}
