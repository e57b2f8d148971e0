package io.copyjobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.cluster.EmbeddedKafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * {@code cache [jobs] [MiB]}: the fleet's content cache (issue 17). Three nodes, each its own
 * process, on one embedded broker; a local origin that counts the bytes it serves; {@code jobs}
 * jobs (30) of five owners for one content of {@code MiB} (256) given with its sha256, made
 * through the three nodes in turn and resumed at once. Figures: origin bytes ÷ content size
 * (goal ≤ 1.05) and the time until every job is TRANSFERRED ÷ the time of one job alone for a
 * content of the same size that no node holds (goal ≤ 3), measured before and after the many;
 * what GetJob and the nodes' meters say came from peers; and every job's bytes, read back through
 * another node, hashed.
 */
final class CacheBench {
    private static final int NODES = 3;
    private static final int OWNERS = 5;
    /**
     * Each content is held by COPYJOBS_CONTENT_COPIES (2) nodes before the next phase, so that no
     * copy made in the background overlaps a timing.
     */
    private static final int COPIES = 2;
    private static final Duration PHASE = Duration.ofMinutes(30);
    private final List<BenchNode> nodes;
    private final CountingOrigin origin;
    private final long size;

    private CacheBench(List<BenchNode> nodes, CountingOrigin origin, long size) {
        this.nodes = nodes;
        this.origin = origin;
        this.size = size;
    }

    /** One job alone for a content no node holds: how long it took, what it cost the origin, whether it verified. */
    private record Alone(double seconds, double originRatio, boolean verified) {
    }

    static void run(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        long size = (args.length > 1 ? Long.parseLong(args[1]) : 256) << 20;
        String loadBefore = loadAverage();
        Results r = new Results("cache");
        Path dir = Files.createDirectories(Path.of("bench", "out", "cache-" + System.currentTimeMillis()));
        try {
            start(r, dir, jobs, size);
        } finally {
            // Several GiB of contents: not left behind on a shared machine.
            deleteTree(dir);
        }
        r.add("load average (1 / 5 / 15 min) before the run " + loadBefore + ", after " + loadAverage()
                + " (a shared 2-core machine: other work ran beside the bench)");
        r.write();
    }

    private static void start(Results r, Path dir, int jobs, long size) throws Exception {
        int kafkaPort = BenchNode.freePort();
        try (CountingOrigin origin = new CountingOrigin(dir.resolve("origin"));
             EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("broker"), kafkaPort, BenchNode.freePort(), Map.of())) {
            List<BenchNode> nodes = new ArrayList<>();
            try {
                for (int i = 0; i < NODES; i++) {
                    nodes.add(BenchNode.onBrokers(dir.resolve("node" + i), broker.bootstrapServers(), kafkaPort,
                            Map.of("COPYJOBS_TRANSFER_DENY", "none")));
                }
                String admin = nodes.get(0).token("bench", true);
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                        .until(() -> FailoverBench.standbysEverywhere(nodes, nodes.get(0), admin));
                new CacheBench(nodes, origin, size).measure(r, jobs);
            } finally {
                for (int i = 0; i < nodes.size(); i++) {
                    // The nodes' logs outlive the run's data: they say where each content's bytes came from.
                    Files.writeString(Path.of(dir + "-node" + i + ".log"), nodes.get(i).process.output());
                    nodes.get(i).close();
                }
            }
        }
    }

    /** The many jobs for one content: how their run went, what the nodes' meters counted meanwhile, who holds it after. */
    private record Many(List<SharedJobs.Job> jobs, String sha256, SharedJobs.Run run, String meters, long holders) {
    }

    private void measure(Results r, int count) throws Exception {
        // The nodes' transfer path compiled before anything is timed.
        alone("warm-up.bin", Math.min(size, 16L << 20));
        Alone before = alone("cold-before.bin", size);
        Many many = many(count);
        Alone after = alone("cold-after.bin", size);
        double aloneSeconds = (before.seconds() + after.seconds()) / 2;
        r.add(String.format(Locale.ROOT, "%d nodes (separate processes) on one embedded broker; %d jobs of %d owners, made "
                        + "through the nodes in turn, for one content of %d MiB given with its sha256, resumed at once",
                NODES, count, Math.min(count, OWNERS), size >> 20));
        r.add(String.format(Locale.ROOT, "origin bytes ÷ content size: %.3f (%,d bytes served) — goal ≤ 1.05",
                (double) origin.sent("shared.bin") / size, origin.sent("shared.bin")));
        r.add(String.format(Locale.ROOT, "one job alone, a content of the same size no node held, resume → TRANSFERRED: "
                        + "%.1f s before the %d jobs, %.1f s after (origin bytes ÷ size %.3f and %.3f)",
                before.seconds(), count, after.seconds(), before.originRatio(), after.originRatio()));
        r.add(String.format(Locale.ROOT, "%d jobs, resume → all TRANSFERRED (%d of %d; GetJob polled every 100 ms): %.1f s; "
                        + "÷ one job alone (mean of the two, %.1f s): %.2f — goal ≤ 3", count, many.run().transferred(), count,
                many.run().seconds(), aloneSeconds, many.run().seconds() / aloneSeconds));
        r.add(split(many.run()) + "; the content ended on " + many.holders() + " of " + NODES + " nodes");
        r.add("copyjobs_transfer_bytes_total during the " + count + " jobs, summed over the nodes: " + many.meters());
        r.add(String.format(Locale.ROOT, "verified (TRANSFERRED, digest = the sha256 given, bytes read back through another "
                        + "node hash to it): %d of %d jobs; the two jobs alone: %s", verify(many), count,
                before.verified() && after.verified() ? "both" : "NOT both"));
    }

    /** {@code count} jobs of the owners in turn, made through the nodes in turn, for one new content, resumed at once. */
    private Many many(int count) throws Exception {
        Map<String, Double> metersBefore = SharedJobs.transferBytes(nodes);
        String sha256 = origin.add("shared.bin", size);
        List<SharedJobs.Job> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            jobs.add(SharedJobs.create(nodes.get(i % NODES), "owner-" + (i % OWNERS), origin.url("shared.bin"), sha256));
        }
        SharedJobs.Run run = SharedJobs.resumeAndAwait(jobs, PHASE);
        String meters = meters(metersBefore, SharedJobs.transferBytes(nodes));
        return new Many(jobs, sha256, run, meters, settle(sha256));
    }

    /** One job alone for a new content {@code name} of {@code bytes}, timed from its resume until TRANSFERRED. */
    private Alone alone(String name, long bytes) throws Exception {
        String sha256 = origin.add(name, bytes);
        SharedJobs.Job job = SharedJobs.create(nodes.get(0), "alone", origin.url(name), sha256);
        SharedJobs.Run run = SharedJobs.resumeAndAwait(List.of(job), PHASE);
        settle(sha256);
        boolean verified = SharedJobs.verified(job, run.ended().get(job.id()), sha256, nodes.get(1));
        return new Alone(run.seconds(), (double) origin.sent(name) / bytes, verified);
    }

    /** Waits until COPIES nodes hold the verified content in their cache; how many do. */
    private long settle(String sha256) {
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> holders(sha256) >= COPIES);
        return holders(sha256);
    }

    private long holders(String sha256) {
        return nodes.stream().filter(n -> Files.exists(Path.of(n.env.get("COPYJOBS_DATA_DIR"), "content", sha256))).count();
    }

    /** Where the jobs' bytes came from, as GetJob reports them (DO's BytesFromHttp / BytesFromPeers), and which nodes ran them. */
    private static String split(SharedJobs.Run run) {
        long fromOrigin = 0;
        long fromPeers = 0;
        int[] kinds = new int[3];
        Map<String, Integer> byNode = new TreeMap<>();
        for (JsonNode job : run.ended().values()) {
            JsonNode file = job.path("files").path(0);
            long o = file.path("bytesFromOrigin").asLong();
            long p = file.path("bytesFromPeers").asLong();
            fromOrigin += o;
            fromPeers += p;
            kinds[o > 0 ? 0 : p > 0 ? 1 : 2]++;
            byNode.merge(file.path("node").asText(), 1, Integer::sum);
        }
        return String.format(Locale.ROOT, "GetJob over the jobs: bytesFromOrigin %d MiB, bytesFromPeers %d MiB (peer share %s); "
                        + "%d files fetched (partly) from the origin, %d from peers only, %d from their node's own cache; "
                        + "jobs per node %s", fromOrigin >> 20, fromPeers >> 20, share(fromOrigin, fromPeers), kinds[0], kinds[1],
                kinds[2], byNode);
    }

    private static String meters(Map<String, Double> before, Map<String, Double> after) {
        double o = after.getOrDefault("origin", 0.0) - before.getOrDefault("origin", 0.0);
        double p = after.getOrDefault("peer", 0.0) - before.getOrDefault("peer", 0.0);
        return String.format(Locale.ROOT, "origin %.0f MiB, peer %.0f MiB (peer share %s)", o / (1 << 20), p / (1 << 20),
                share(o, p));
    }

    private static String share(double fromOrigin, double fromPeers) {
        double total = fromOrigin + fromPeers;
        return total == 0 ? "none reported" : String.format(Locale.ROOT, "%.1f %%", 100 * fromPeers / total);
    }

    /** The jobs that verify, each read back through the node after the one it was made through. */
    private int verify(Many many) throws Exception {
        int verified = 0;
        for (SharedJobs.Job job : many.jobs()) {
            BenchNode reader = nodes.get((nodes.indexOf(job.via()) + 1) % NODES);
            verified += SharedJobs.verified(job, many.run().ended().get(job.id()), many.sha256(), reader) ? 1 : 0;
        }
        return verified;
    }

    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
        return fields[0] + " / " + fields[1] + " / " + fields[2];
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
