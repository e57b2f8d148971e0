package io.copyjobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The PromQL queries of the Grafana dashboards under {@code grafana/dashboards/}, and the check
 * that every metric they name is one a scrape really holds.
 */
public final class Dashboards {
    /** Where the repository keeps its dashboards (tests run in the project's base directory). */
    public static final Path DIR = Path.of("grafana", "dashboards");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Grafana's {@code label_values(metric{…}, label)}: the metric is the series the variable reads. */
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*[a-zA-Z_]\\w*\\s*\\)\\s*$");

    private Dashboards() {
    }

    /** One query and where it stands ({@code file#/json/pointer}). */
    public record Query(String where, String promql) {
    }

    public static List<Path> files(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every panel target's {@code expr} and every query variable's query, in every dashboard under {@code dir}. */
    public static List<Query> queries(Path dir) {
        List<Query> out = new ArrayList<>();
        for (Path file : files(dir)) {
            walk(read(file), "", file.getFileName().toString(), out);
        }
        return out;
    }

    private static void walk(JsonNode node, String pointer, String file, List<Query> out) {
        if (node.isObject()) {
            if (node.path("expr").isTextual()) {
                out.add(new Query(file + "#" + pointer + "/expr", node.get("expr").asText()));
            }
            if ("query".equals(node.path("type").asText()) && node.has("query")) {
                JsonNode q = node.get("query");
                String text = q.isTextual() ? q.asText() : q.path("query").asText();
                out.add(new Query(file + "#" + pointer + "/query", variableQuery(text)));
            }
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                walk(field.getValue(), pointer + "/" + field.getKey(), file, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i, file, out);
            }
        }
    }

    /** A variable's query as PromQL: the series of {@code label_values(series, label)}, or the query itself. */
    static String variableQuery(String query) {
        Matcher m = LABEL_VALUES.matcher(query);
        return m.matches() ? m.group(1) : query;
    }

    /**
     * The metric names the queries use that {@code exported} lacks, each with the places that
     * name it; empty when every query reads only real series.
     */
    public static Map<String, List<String>> missing(List<Query> queries, Set<String> exported) {
        Map<String, List<String>> missing = new TreeMap<>();
        for (Query q : queries) {
            for (String name : PromQl.metricNames(q.promql())) {
                if (!exported.contains(name)) {
                    missing.computeIfAbsent(name, n -> new ArrayList<>()).add(q.where());
                }
            }
        }
        return missing;
    }

    /**
     * The sample names of a Prometheus text exposition ({@code foo_bucket}, {@code foo_count},
     * {@code foo_sum}, {@code foo_total}: as queries name them, not the family names of
     * {@code # TYPE} lines).
     */
    public static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }
}
