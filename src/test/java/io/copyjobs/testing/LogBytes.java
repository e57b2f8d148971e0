package io.copyjobs.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.common.Node;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * What the brokers hold on disk, by topic: the size of every partition's log, summed over its
 * replicas and the brokers' log directories. Taken before and after a window, the difference is
 * what was written to Kafka in it (records, batch headers, transaction markers) until cleaning
 * or retention takes any away — neither runs within the seconds a measure lasts.
 */
public final class LogBytes {
    private LogBytes() {
    }

    /** Bytes of every topic whose name passes {@code topics}. */
    public static Map<String, Long> byTopic(Admin admin, Predicate<String> topics) {
        try {
            var brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream().map(Node::id).toList();
            Map<String, Long> sums = new TreeMap<>();
            for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions()
                    .get(30, TimeUnit.SECONDS).values()) {
                dirs.values().forEach(dir -> dir.replicaInfos().forEach((tp, info) -> {
                    if (topics.test(tp.topic())) {
                        sums.merge(tp.topic(), info.size(), Long::sum);
                    }
                }));
            }
            return sums;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the brokers did not describe their log directories", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Bytes written per second between two readings, by topic (only topics that grew). */
    public static Map<String, Double> rates(Map<String, Long> before, Map<String, Long> after, double seconds) {
        Map<String, Double> rates = new TreeMap<>();
        after.forEach((topic, bytes) -> {
            long grown = bytes - before.getOrDefault(topic, 0L);
            if (grown > 0) {
                rates.put(topic, grown / seconds);
            }
        });
        return rates;
    }

    public static double total(Map<String, Double> rates) {
        return rates.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** "12.3 KB/s in all — topic 4.5, topic 7.8" (KB = 1,000 bytes), largest first. */
    public static String describe(Map<String, Double> rates) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%.1f KB/s in all", total(rates) / 1000));
        String parts = rates.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .filter(e -> e.getValue() >= 10)
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / 1000))
                .reduce((x, y) -> x + ", " + y).orElse("");
        return parts.isEmpty() ? b.toString() : b.append(" — ").append(parts).toString();
    }
}
