package io.copyjobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * The cache bench's jobs over the public API: one file with its {@code sha256} each, resumed all
 * at once and watched until each ends; then read back and hashed. Also each node's
 * {@code copyjobs_transfer_bytes_total} by source, as {@code /metrics} shows it.
 */
final class SharedJobs {
    private static final Set<String> ENDED = Set.of("TRANSFERRED", "ERROR", "CANCELLED", "ACKNOWLEDGED");
    private static final Pattern TRANSFER_BYTES = Pattern.compile(
            "^copyjobs_transfer_bytes_total\\{[^}]*source=\"(\\w+)\"[^}]*} (\\S+)$", Pattern.MULTILINE);

    private SharedJobs() {
    }

    /** A job of {@code owner}, made through {@code via}. */
    record Job(String id, String owner, BenchNode via) {
        String token() {
            return via.token(owner, false);
        }
    }

    /** How a resume of some jobs went: seconds until the last one ended, and each one's last document. */
    record Run(double seconds, Map<String, JsonNode> ended) {
        long transferred() {
            return ended.values().stream().filter(j -> j.path("state").asText().equals("TRANSFERRED")).count();
        }
    }

    /** A SUSPENDED job of {@code owner} made through {@code via} for the content at {@code url}. */
    static Job create(BenchNode via, String owner, String url, String sha256) {
        String body = "{\"displayName\":\"cache bench\",\"files\":[{\"remoteUrl\":\"" + url
                + "\",\"localName\":\"content.bin\",\"sha256\":\"" + sha256 + "\"}]}";
        HttpResponse<String> made = FailoverBench.call(via.base, "POST", "/v1/jobs", via.token(owner, false), body);
        if (made.statusCode() != 201) {
            throw new IllegalStateException("CreateJob answered " + made.statusCode() + ": " + made.body());
        }
        return new Job(read(made.body()).get("id").asText(), owner, via);
    }

    /** Resumes every job at once (a thread each) and waits until each is TRANSFERRED or otherwise ended. */
    static Run resumeAndAwait(List<Job> jobs, Duration atMost) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(jobs.size());
        long start = System.nanoTime();
        try {
            List<Future<HttpResponse<String>>> resumes = new ArrayList<>();
            for (Job j : jobs) {
                resumes.add(pool.submit(() -> resume(j)));
            }
            for (Future<HttpResponse<String>> resume : resumes) {
                if (resume.get().statusCode() != 200) {
                    throw new IllegalStateException("Resume answered " + resume.get().statusCode() + ": " + resume.get().body());
                }
            }
        } finally {
            pool.shutdown();
        }
        Map<String, JsonNode> ended = new LinkedHashMap<>();
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).pollInSameThread().until(() -> sweep(jobs, ended));
        return new Run((System.nanoTime() - start) / 1e9, ended);
    }

    /**
     * Resume under one Idempotency-Key, sent again while the node answers 503/504: on a busy machine
     * an outcome can miss the node's 10 s deadline, and the API says a retry with the same key is safe.
     */
    private static HttpResponse<String> resume(Job j) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(j.via().base + "/v1/jobs/" + j.id() + "/resume"))
                .header("Authorization", "Bearer " + j.token()).header("Idempotency-Key", "resume-" + j.id())
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> answer = FailoverBench.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        for (int attempt = 1; attempt < 6 && answer.statusCode() / 100 == 5; attempt++) {
            answer = FailoverBench.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        }
        return answer;
    }

    private static boolean sweep(List<Job> jobs, Map<String, JsonNode> ended) {
        for (Job j : jobs) {
            if (!ended.containsKey(j.id())) {
                JsonNode doc = read(FailoverBench.call(j.via().base, "GET", "/v1/jobs/" + j.id(), j.token(), null).body());
                if (ENDED.contains(doc.path("state").asText())) {
                    ended.put(j.id(), doc);
                }
            }
        }
        return ended.size() == jobs.size();
    }

    /**
     * True when the job is TRANSFERRED, its file's recorded digest is {@code sha256}, and its bytes,
     * read through {@code reader} (forwarded when another node holds them), hash to it.
     */
    static boolean verified(Job job, JsonNode doc, String sha256, BenchNode reader) throws IOException, InterruptedException {
        if (!doc.path("state").asText().equals("TRANSFERRED") || !sha256.equals(doc.path("files").path(0).path("digest").asText())) {
            return false;
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(reader.base + "/v1/jobs/" + job.id() + "/files/0/content"))
                .header("Authorization", "Bearer " + reader.token(job.owner(), false)).timeout(Duration.ofMinutes(5)).build();
        HttpResponse<InputStream> answer = FailoverBench.HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        MessageDigest digest = CountingOrigin.sha256();
        try (InputStream body = answer.body()) {
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = body.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return answer.statusCode() == 200 && HexFormat.of().formatHex(digest.digest()).equals(sha256);
    }

    /** {@code copyjobs_transfer_bytes_total} summed over the nodes, by source ("origin", "peer"). */
    static Map<String, Double> transferBytes(List<BenchNode> nodes) {
        Map<String, Double> sum = new HashMap<>();
        for (BenchNode node : nodes) {
            Matcher m = TRANSFER_BYTES.matcher(FailoverBench.call(node.base, "GET", "/metrics", "", null).body());
            while (m.find()) {
                sum.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
            }
        }
        return sum;
    }

    static JsonNode read(String json) {
        try {
            return Json.wire().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(json, e);
        }
    }
}
