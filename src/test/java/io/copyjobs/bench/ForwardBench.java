package io.copyjobs.bench;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;

/**
 * {@code forward}: GetJob on node A for jobs whose partition node B holds (one forward each) ÷
 * GetJob on node A for jobs it holds itself, 64 connections, alternating rounds. Goal ≥ 0.5.
 */
final class ForwardBench {
    private ForwardBench() {
    }

    static void run(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Results r = new Results("forward");
        try (BenchNode a = BenchNode.embedded("forward-a", Map.of());
             BenchNode b = joining(a)) {
            String token = a.token("bench", true);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> FailoverBench.standbysEverywhere(List.of(a, b), a, token));
            List<String> ids = GetJobBench.createJobs(a, GetJobBench.JOBS).stream()
                    .map(j -> j.get("id").asText()).toList();
            Set<Integer> onB = FailoverBench.activePartitions(a, token, b.base.substring("http://".length()));
            List<String> local = ids.stream().filter(id -> !onB.contains(FailoverBench.partitionOf(id))).toList();
            List<String> remote = ids.stream().filter(id -> onB.contains(FailoverBench.partitionOf(id))).toList();
            LoadGen load = new LoadGen();
            load.run(GetJobBench.CONNECTIONS, GetJobBench.WARMUP, Duration.ofSeconds(1), 200,
                    n -> GetJobBench.get(a.base, ids.get(n % ids.size()), token));
            double[] near = new double[rounds];
            double[] far = new double[rounds];
            LoadGen.Round lastNear = null;
            LoadGen.Round lastFar = null;
            for (int i = 0; i < rounds; i++) {
                lastNear = load.run(GetJobBench.CONNECTIONS, Duration.ofSeconds(3), Duration.ofSeconds(10), 200,
                        n -> GetJobBench.get(a.base, local.get(n % local.size()), token));
                lastFar = load.run(GetJobBench.CONNECTIONS, Duration.ofSeconds(3), Duration.ofSeconds(10), 200,
                        n -> GetJobBench.get(a.base, remote.get(n % remote.size()), token));
                near[i] = lastNear.perSecond();
                far[i] = lastFar.perSecond();
                System.out.printf("round %d: local %s; forwarded %s%n", i + 1, lastNear.describe(), lastFar.describe());
            }
            r.add(String.format(Locale.ROOT, "%d jobs, %d held by the node asked, %d forwarded to the other node",
                    ids.size(), local.size(), remote.size()));
            r.add("local GetJob, req/s min / median / max: " + Stats.spread(near, "%.0f") + "; last round "
                    + Stats.latency(lastNear.latency()));
            r.add("forwarded GetJob, req/s: " + Stats.spread(far, "%.0f") + "; last round " + Stats.latency(lastFar.latency())
                    + ", " + lastFar.errors() + " errors");
            r.add(String.format(Locale.ROOT, "ratio forwarded ÷ local (median req/s): %.2f — goal ≥ 0.5",
                    Stats.median(far) / Stats.median(near)));
        }
        r.write();
    }

    /** A second node joining the first one's embedded broker with the same secret. */
    static BenchNode joining(BenchNode first) throws Exception {
        int http = BenchNode.freePort();
        return BenchNode.start(Map.of("COPYJOBS_BOOTSTRAP_SERVERS", first.bootstrap(),
                "COPYJOBS_DATA_DIR", Files.createTempDirectory("copyjobs-bench").toString(),
                "COPYJOBS_HTTP_PORT", Integer.toString(http),
                "COPYJOBS_ADVERTISED_URL", "http://127.0.0.1:" + http,
                "COPYJOBS_AUTH_HS256_SECRET", BenchNode.SECRET), "http://127.0.0.1:" + http, first.kafkaPort);
    }
}
