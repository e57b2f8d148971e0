package io.copyjobs.bench;

import com.sun.management.OperatingSystemMXBean;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Collects a bench's figures, prints them, and appends them to bench/RESULTS.md. */
final class Results {
    private final String name;
    private final List<String> lines = new ArrayList<>();

    Results(String name) {
        this.name = name;
    }

    void add(String figure) {
        System.out.println(figure);
        lines.add(figure);
    }

    void write() throws IOException {
        Path file = Path.of("bench", "RESULTS.md");
        StringBuilder b = new StringBuilder();
        if (!Files.exists(file)) {
            b.append("# Benchmark results\n\nAppended by `bench/run.sh NAME`; newest last.\n");
        }
        b.append("\n## ").append(name).append(" — ").append(LocalDate.now()).append(", commit ").append(commit())
                .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(memoryGiB()).append(" GiB RAM, load average ").append(loadAverage()).append(settings()).append("\n\n");
        lines.forEach(l -> b.append("- ").append(l).append('\n'));
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The machine's load when the figures were written: on a shared machine, what else ran beside the bench. */
    private static String loadAverage() {
        return String.format(Locale.ROOT, "%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** The node settings the run tried ({@code BENCH_NODE_ENV}), which the figures belong to. */
    private static String settings() {
        String extra = System.getenv("BENCH_NODE_ENV");
        return extra == null || extra.isBlank() ? "" : ", node settings " + extra;
    }

    /** HEAD, marked when the code measured differs from it (uncommitted changes to sources or the build). */
    private static String commit() {
        String head = git("rev-parse", "--short", "HEAD");
        String changed = git("status", "--porcelain", "--", "src", "pom.xml");
        return head == null ? "unknown" : changed == null || changed.isEmpty() ? head : head + " + uncommitted changes";
    }

    private static String git(String... args) {
        try {
            List<String> command = new ArrayList<>(List.of("git"));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static long memoryGiB() {
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return Math.round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024));
    }
}
