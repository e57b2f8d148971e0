package io.copyjobs.bench;

import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * {@code enum}: EnumJobs of one owner's 100 jobs, p50/p99 over HTTP with the JWT checked, first
 * with those 100 jobs alone in the store (the baseline), then among 1,000,000 (the measure).
 * Goal: p99 ≤ 20 ms among a million, and a ratio near 1 (the owner index never scans other jobs).
 */
final class EnumBench {
    private EnumBench() {
    }

    static void run(String[] args) throws Exception {
        long total = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        Results r = new Results("enum");
        try (BenchNode node = BenchNode.embedded("enum", Map.of())) {
            HttpClient http = HttpClient.newHttpClient();
            String token = node.token("bench-target-0", false);
            Loader.createJobs(node.bootstrap(), "bench-target", 1, 100);
            Loader.awaitCaughtUp(node.bootstrap());
            Histogram before = measure(http, node, token, 2_000);

            long t0 = System.nanoTime();
            Loader.createJobs(node.bootstrap(), "bulk", 10_000, total - 100);
            double produced = (System.nanoTime() - t0) / 1e9;
            Loader.awaitCaughtUp(node.bootstrap());
            double loaded = (System.nanoTime() - t0) / 1e9;
            Histogram after = measure(http, node, token, 2_000);

            r.add(String.format("loaded %,d jobs (10,000 owners) through owner-commands in %.1f s (%.0f jobs/s; "
                    + "producing took %.1f s)", total - 100, loaded, (total - 100) / loaded, produced));
            r.add("baseline, 100 jobs in the store: EnumJobs limit=100 " + Stats.latency(before));
            r.add(String.format("%,d jobs in the store: EnumJobs limit=100 ", total) + Stats.latency(after) + " — goal p99 ≤ 20 ms");
            r.add(String.format("ratio p99 at %,d ÷ p99 at 100: %.2f", total,
                    after.getValueAtPercentile(99) / (double) before.getValueAtPercentile(99)));
        }
        r.write();
    }

    /** Sequential EnumJobs calls after a warm-up; every answer must list 100 jobs. */
    static Histogram measure(HttpClient http, BenchNode node, String token, int n) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.base + "/v1/jobs?limit=100"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build();
        Histogram h = Stats.histogram();
        for (int i = 0; i < n + 500; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> resp = http.send(request, HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - t0;
            if (resp.statusCode() != 200 || !resp.body().contains("\"next\":null")) {
                throw new IllegalStateException("unexpected answer " + resp.statusCode() + ": "
                        + resp.body().substring(0, Math.min(300, resp.body().length())));
            }
            if (i >= 500) {
                h.recordValue(took);
            }
        }
        return h;
    }
}
