package io.copyjobs.bench;

import org.HdrHistogram.Histogram;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A closed-loop load generator: {@code connections} clients, each sending its next request when
 * the previous one is answered, for a bounded time, on loopback. Latencies go into an
 * HdrHistogram; answers with another status than expected are counted as errors.
 */
final class LoadGen {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What one round measured. */
    record Round(double perSecond, Histogram latency, long errors) {
        String describe() {
            return String.format(Locale.ROOT, "%.0f req/s, %s, %d errors", perSecond, Stats.latency(latency), errors);
        }
    }

    /**
     * Runs {@code requests} (given a running counter) from {@code connections} clients for
     * {@code warmup} unmeasured and then {@code duration} measured.
     */
    Round run(int connections, Duration warmup, Duration duration, int expectedStatus, IntFunction<HttpRequest> requests)
            throws InterruptedException {
        Histogram h = Stats.histogram();
        AtomicLong errors = new AtomicLong();
        AtomicLong counter = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Thread t = new Thread(() -> {
                Histogram mine = Stats.histogram();
                while (System.nanoTime() < end) {
                    HttpRequest request = requests.apply((int) counter.getAndIncrement());
                    long t0 = System.nanoTime();
                    int status;
                    try {
                        status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (Exception e) {
                        status = -1;
                    }
                    long t1 = System.nanoTime();
                    if (t0 >= measureFrom && t1 <= end) {
                        mine.recordValue(t1 - t0);
                        if (status != expectedStatus) {
                            errors.incrementAndGet();
                        }
                    }
                }
                synchronized (h) {
                    h.add(mine);
                }
            }, "load-" + c);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        return new Round(h.getTotalCount() / (duration.toNanos() / 1e9), h, errors.get());
    }
}
