package io.copyjobs.bench;

import io.copyjobs.kafka.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code scale}: GetJob req/s at 64 connections with 1,000,000 jobs in the store ÷ with 10,000
 * (random keys over the whole store each time), and the node's heap (after a full GC) and RSS at
 * 1,000,000. Goals: ratio ≥ 0.9; heap ≤ 256 MB.
 */
final class ScaleBench {
    static final int SAMPLE = 20_000;

    private ScaleBench() {
    }

    static void run(String[] args) throws Exception {
        long total = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Results r = new Results("scale");
        try (BenchNode node = BenchNode.embedded("scale", Map.of())) {
            String token = node.token("bench", true);
            Loader.createJobs(node.bootstrap(), "scale", 2_000, 10_000);
            Loader.awaitCaughtUp(node.bootstrap());
            List<String> smallIds = sampleIds(node.bootstrap());
            // Warm the node up first, or the first figure measures the JIT, not the store.
            new LoadGen().run(GetJobBench.CONNECTIONS, GetJobBench.WARMUP, Duration.ofSeconds(1), 200,
                    n -> GetJobBench.get(node.base, smallIds.get(n % smallIds.size()), token));
            double[] small = measure(node, token, smallIds, rounds);
            long t0 = System.nanoTime();
            Loader.createJobs(node.bootstrap(), "scale", 2_000, total - 10_000);
            Loader.awaitCaughtUp(node.bootstrap());
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            double[] large = measure(node, token, sampleIds(node.bootstrap()), rounds);
            long pid = node.process.process().pid();
            r.add(String.format(Locale.ROOT, "10,000 jobs: GetJob req/s min / median / max %s", Stats.spread(small, "%.0f")));
            r.add(String.format(Locale.ROOT, "%,d jobs (loaded %,d in %.0f s, %.0f jobs/s): GetJob req/s %s", total,
                    total - 10_000, loadSeconds, (total - 10_000) / loadSeconds, Stats.spread(large, "%.0f")));
            r.add(String.format(Locale.ROOT, "ratio at %,d ÷ at 10,000 (median req/s): %.2f — goal ≥ 0.9", total,
                    Stats.median(large) / Stats.median(small)));
            r.add(String.format(Locale.ROOT, "node at %,d jobs: heap used after a full GC %d MB (goal ≤ 256 MB), RSS %d MB",
                    total, heapAfterGc(pid, node), rssMb(pid)));
        }
        r.write();
    }

    static double[] measure(BenchNode node, String token, List<String> ids, int rounds) throws InterruptedException {
        double[] rates = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            LoadGen.Round round = new LoadGen().run(GetJobBench.CONNECTIONS, Duration.ofSeconds(3), Duration.ofSeconds(10),
                    200, n -> GetJobBench.get(node.base, ids.get(n % ids.size()), token));
            rates[i] = round.perSecond();
            System.out.printf("%d ids, round %d: %s%n", ids.size(), i + 1, round.describe());
        }
        return rates;
    }

    /** A uniform sample of the job ids in the store, read from the compacted jobs topic. */
    static List<String> sampleIds(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        Topics topics = new Topics("copyjobs.");
        List<String> sample = new ArrayList<>();
        Random random = new Random(7);
        long seen = 0;
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topics.jobs.name()).stream()
                    .map(pi -> new TopicPartition(pi.topic(), pi.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> rec : c.poll(Duration.ofMillis(500))) {
                    seen++;
                    if (sample.size() < SAMPLE) {
                        sample.add(rec.key());
                    } else if (random.nextLong(seen) < SAMPLE) {
                        sample.set(random.nextInt(SAMPLE), rec.key());
                    }
                }
            }
        }
        return sample;
    }

    /** Runs a full GC in the node (jcmd) and reads the heap in use from its metrics. */
    static long heapAfterGc(long pid, BenchNode node) throws Exception {
        new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid), "GC.run")
                .redirectErrorStream(true).start().waitFor();
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\",[^}]*} ([0-9.E+]+)$").matcher(metrics);
        double bytes = 0;
        while (m.find()) {
            bytes += Double.parseDouble(m.group(1));
        }
        return Math.round(bytes / (1 << 20));
    }

    static long rssMb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }
}
