package io.copyjobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.copyjobs.json.Json;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code getjob}: GetJob at 64 connections on a node holding every key (one node), JWT checked,
 * against {@link BaselineServer} — the same HTTP stack and verifier answering the same JSON from a
 * HashMap — in alternating rounds. Goal: node ÷ baseline ≥ 0.85 (req/s).
 */
final class GetJobBench {
    static final int JOBS = 2_000;
    static final int CONNECTIONS = 64;
    static final Duration WARMUP = Duration.ofSeconds(60);

    private GetJobBench() {
    }

    static void run(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Results r = new Results("getjob");
        try (BenchNode node = BenchNode.embedded("getjob", Map.of())) {
            String token = node.token("bench", true);
            List<JsonNode> jobs = createJobs(node, JOBS);
            Path file = Files.createDirectories(Path.of("bench", "out")).resolve("getjob-jobs.json");
            ArrayNode array = Json.wire().createArrayNode();
            jobs.forEach(array::add);
            Files.write(file, Json.wire().writeValueAsBytes(array));
            int port = BenchNode.freePort();
            Process baseline = startBaseline(port, file);
            try {
                compare(r, rounds, "http://127.0.0.1:" + port, node.base, token,
                        jobs.stream().map(j -> j.get("id").asText()).toList());
            } finally {
                baseline.destroy();
            }
        }
        r.write();
    }

    static void compare(Results r, int rounds, String baseUrl, String nodeUrl, String token, List<String> ids)
            throws InterruptedException {
        LoadGen load = new LoadGen();
        // Both servers reach their compiled steady state before anything is measured.
        load.run(CONNECTIONS, WARMUP, Duration.ofSeconds(1), 200, n -> get(baseUrl, ids.get(n % ids.size()), token));
        load.run(CONNECTIONS, WARMUP, Duration.ofSeconds(1), 200, n -> get(nodeUrl, ids.get(n % ids.size()), token));
        double[] base = new double[rounds];
        double[] mine = new double[rounds];
        LoadGen.Round lastBase = null;
        LoadGen.Round lastNode = null;
        for (int i = 0; i < rounds; i++) {
            lastBase = load.run(CONNECTIONS, Duration.ofSeconds(3), Duration.ofSeconds(10), 200,
                    n -> get(baseUrl, ids.get(n % ids.size()), token));
            lastNode = load.run(CONNECTIONS, Duration.ofSeconds(3), Duration.ofSeconds(10), 200,
                    n -> get(nodeUrl, ids.get(n % ids.size()), token));
            base[i] = lastBase.perSecond();
            mine[i] = lastNode.perSecond();
            System.out.printf("round %d: baseline %s; node %s%n", i + 1, lastBase.describe(), lastNode.describe());
        }
        r.add("baseline (HashMap behind the same Javalin + JWT check), req/s min / median / max: " + Stats.spread(base, "%.0f")
                + "; last round " + Stats.latency(lastBase.latency()));
        r.add("node GetJob (interactive query, all keys local), req/s: " + Stats.spread(mine, "%.0f")
                + "; last round " + Stats.latency(lastNode.latency()) + ", " + lastNode.errors() + " errors");
        r.add(String.format(Locale.ROOT, "ratio node ÷ baseline (median req/s): %.2f — goal ≥ 0.85",
                Stats.median(mine) / Stats.median(base)));
    }

    static HttpRequest get(String base, String id, String token) {
        return HttpRequest.newBuilder(URI.create(base + "/v1/jobs/" + id)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10)).GET().build();
    }

    /**
     * The token of the n-th job's owner: a job lives in its owner's partition, so jobs are spread
     * over many owners to spread them over the partitions (administrators, exempt from the quota).
     */
    static String ownerToken(BenchNode node, int n) {
        return node.token("bench-" + (n % 64), true);
    }

    /** Creates jobs over HTTP from 32 clients, spread over 64 owners; returns their JSON. */
    static List<JsonNode> createJobs(BenchNode node, int count) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Future<JsonNode>> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            made.add(pool.submit(() -> Json.wire().readTree(http.send(HttpRequest.newBuilder(URI.create(node.base + "/v1/jobs"))
                    .header("Authorization", "Bearer " + ownerToken(node, n)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"displayName\":\"bench " + n + "\",\"files\":[{\"remoteUrl\":"
                            + "\"https://downloads.example.com/f" + n + ".iso\",\"localName\":\"f" + n + ".iso\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body())));
        }
        List<JsonNode> jobs = new ArrayList<>();
        for (Future<JsonNode> f : made) {
            jobs.add(f.get());
        }
        pool.shutdown();
        Collections.shuffle(jobs);
        return jobs;
    }

    static Process startBaseline(int port, Path jobs) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), BaselineServer.class.getName(), Integer.toString(port),
                jobs.toString()).redirectErrorStream(true);
        String javaOptions = System.getenv("BENCH_BASELINE_JAVA_OPTIONS");
        if (javaOptions != null && !javaOptions.isBlank()) {
            // e.g. a JFR recording of the baseline, to hold beside the node's (BENCH_NODE_JAVA_OPTIONS)
            pb.environment().put("JAVA_TOOL_OPTIONS", javaOptions);
        }
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.contains("baseline ready")) {
            // skip start-up output
        }
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "baseline-output");
        drain.setDaemon(true);
        drain.start();
        return p;
    }
}
