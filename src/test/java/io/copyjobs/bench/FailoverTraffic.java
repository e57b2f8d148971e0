package io.copyjobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

import static org.awaitility.Awaitility.await;

/**
 * The traffic of a failover bench around a loss: two readers looping over every job, two writers
 * renaming the jobs about to lose their node until the loss (so that it dies, as a busy node does,
 * with a transaction open), and the probe that times when each of those jobs takes a write again.
 * Every request has a short deadline of its own ({@link #TRY}; the nodes' command timeout is
 * shorter still), so that a write that cannot succeed yet fails soon and the next try follows: the
 * time measured is the outage's, not a multiple of a long timeout.
 */
final class FailoverTraffic implements AutoCloseable {
    /** How long a try waits for its answer: a little over the bench nodes' command timeout. */
    static final Duration TRY = Duration.ofSeconds(3);
    /** The bench nodes' {@code COPYJOBS_COMMAND_TIMEOUT}. */
    static final String COMMAND_TIMEOUT = "PT2S";
    final AtomicLong lastReadFailure = new AtomicLong();
    final AtomicLong reads = new AtomicLong();
    final AtomicLong stale = new AtomicLong();
    final AtomicLong writes = new AtomicLong();
    private final AtomicBoolean reading = new AtomicBoolean(true);
    private final AtomicBoolean writing = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    private FailoverTraffic() {
    }

    /** Starts readers of {@code jobs} on the first two nodes and writers of {@code busy} through them. */
    static FailoverTraffic start(List<BenchNode> nodes, List<String> jobs, List<String> busy, String token) {
        FailoverTraffic t = new FailoverTraffic();
        for (int n = 0; n < 2; n++) {
            String base = nodes.get(n).base;
            t.loop(t.reading, i -> t.read(base, jobs.get(i % jobs.size()), token));
            t.loop(t.writing, i -> {
                if (tryCall(base, "PATCH", "/v1/jobs/" + busy.get(i % busy.size()), token,
                        "{\"displayName\":\"w" + i + "\"}") == 200) {
                    t.writes.incrementAndGet();
                }
            });
        }
        return t;
    }

    private void loop(AtomicBoolean running, IntConsumer step) {
        Thread thread = new Thread(() -> {
            for (int i = 0; running.get(); i++) {
                step.accept(i);
            }
        });
        thread.start();
        threads.add(thread);
    }

    private void read(String base, String id, String token) {
        int status = tryCall(base, "GET", "/v1/jobs/" + id, token, null);
        reads.incrementAndGet();
        if (status == STALE) {
            stale.incrementAndGet();
        } else if (status != 200) {
            lastReadFailure.set(System.nanoTime());
        }
    }

    /** The writers stop: what happens after the loss is the probe's. */
    private void stopWriting() {
        writing.set(false);
    }

    /**
     * Once the readers have read and the writers written for a while, runs {@code loss}, stops the
     * writers and times the writes back to {@code lost} through {@code base}; the readers go on
     * until they have read every job a few times after that. Writes the timeline, with wall-clock
     * times to match the logs by, to {@code dir/timeline.txt}.
     */
    FailoverBench.Figures across(String name, FailoverBench.Strike loss, String base, List<String> lost, String token,
                                 Path dir) throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> reads.get() >= 100 && writes.get() >= 20);
        long lostAt = System.nanoTime();
        String timeline = name + " at " + LocalTime.now() + " (logs in " + dir.toAbsolutePath() + ")";
        loss.inflict();
        stopWriting();
        long readsBefore = reads.get();
        long staleBefore = stale.get();
        double[] back = writesBack(base, lost, token, lostAt);
        long readsAtWritesBack = reads.get();
        await().atMost(Duration.ofSeconds(60)).until(() -> reads.get() >= readsAtWritesBack + 300);
        long failure = lastReadFailure.get();
        timeline += String.format(Locale.ROOT, "; %d jobs took writes again after %.2f s (first) .. %.2f s (last), "
                + "load average %s", back.length, back[0], back[back.length - 1], loadAverage());
        Files.writeString(dir.resolve("timeline.txt"), timeline + System.lineSeparator());
        System.out.println(timeline);
        return new FailoverBench.Figures(failure > lostAt ? (failure - lostAt) / 1e9 : 0, back[back.length - 1],
                reads.get() - readsBefore, stale.get() - staleBefore);
    }

    /**
     * Suspends every job of {@code ids} through {@code base}, each retried on its own until it
     * succeeds, and returns the seconds after {@code lostAt} at which each did, in order.
     */
    static double[] writesBack(String base, List<String> ids, String token, long lostAt) throws Exception {
        ExecutorService probes = Executors.newFixedThreadPool(ids.size());
        try {
            List<Future<Double>> done = new ArrayList<>();
            for (String id : ids) {
                done.add(probes.submit(() -> {
                    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).pollInSameThread()
                            .until(() -> tryCall(base, "POST", "/v1/jobs/" + id + "/suspend", token, null) == 200);
                    return (System.nanoTime() - lostAt) / 1e9;
                }));
            }
            double[] seconds = new double[ids.size()];
            for (int i = 0; i < seconds.length; i++) {
                seconds[i] = done.get(i).get();
            }
            Arrays.sort(seconds);
            return seconds;
        } finally {
            probes.shutdownNow();
        }
    }

    /**
     * Creates a job named {@code name}, tried again with the same Idempotency-Key until it is
     * answered (on a busy machine a create can outlive the nodes' short command timeout).
     */
    static String create(String base, String token, String name) {
        AtomicReference<String> id = new AtomicReference<>();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).pollInSameThread().ignoreExceptions()
                .until(() -> {
            HttpResponse<String> resp = FailoverBench.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/jobs"))
                    .timeout(TRY).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .header("Idempotency-Key", "failover-" + name)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"displayName\":\"" + name + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode job = resp.statusCode() / 100 == 2 ? Json.wire().readTree(resp.body()).get("id") : null;
            id.set(job == null ? null : job.asText());
            return id.get() != null;
        });
        return id.get();
    }

    /** What {@link #tryCall} answers for a 200 marked {@code Copyjobs-Stale} (a standby's answer). */
    static final int STALE = 1200;

    /** One request with the deadline {@link #TRY}: its status, or 0 when it failed or timed out. */
    static int tryCall(String base, String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(TRY)
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> resp = FailoverBench.HTTP.send(b.method(method, body == null
                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return resp.statusCode() == 200 && resp.headers().firstValue("Copyjobs-Stale").isPresent()
                    ? STALE : resp.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (Exception e) {
            return 0;
        }
    }

    /** The 1-minute load average, which these figures depend on. */
    static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    /** Stops the readers (and writers, if still going) and waits for them. */
    @Override
    public void close() throws InterruptedException {
        reading.set(false);
        writing.set(false);
        for (Thread t : threads) {
            t.join();
        }
    }
}
