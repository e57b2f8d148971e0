package io.copyjobs.bench;

import io.copyjobs.testing.JarProcess;

import java.util.Map;

/**
 * {@code startup}: {@code java -jar} to the ready line on a fresh embedded broker, five times.
 * Baseline: the same JVM printing {@code --version} (JVM and class-path start-up alone).
 */
final class StartupBench {
    private StartupBench() {
    }

    static void run(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double[] ready = new double[runs];
        double[] bare = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            JarProcess.run(Map.of(), "--version");
            bare[i] = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            try (BenchNode node = BenchNode.embedded("startup", Map.of())) {
                ready[i] = (System.nanoTime() - t0) / 1e9;
            }
        }
        Results r = new Results("startup");
        r.add("java -jar to ready, fresh data dir (s, min / median / max of " + runs + "): " + Stats.spread(ready, "%.2f")
                + " — goal ≤ 5 s");
        r.add("baseline java -jar --version (s): " + Stats.spread(bare, "%.2f"));
        r.add("ratio ready ÷ bare JVM (median): " + String.format("%.1f", Stats.median(ready) / Stats.median(bare)));
        r.write();
    }
}
