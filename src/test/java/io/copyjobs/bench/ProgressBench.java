package io.copyjobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.json.Json;
import io.copyjobs.testing.LogBytes;
import io.copyjobs.testing.RefusingOrigin;
import io.copyjobs.testing.TrickleServer;
import io.copyjobs.testing.Window;
import org.apache.kafka.clients.admin.Admin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * {@code progress}: what a transfer's progress costs Kafka. One node on its own embedded broker
 * transfers from a slow local origin (one byte every 250 ms per file); for each job the bench
 * sums the growth of every partition's log on the broker — the copyjobs topics, the Streams
 * changelogs, {@code __transaction_state} and {@code __consumer_offsets} — over a window while the
 * job is TRANSFERRING, less the same window on the idle node afterwards. It also polls GetJob and
 * reports the longest gap between two changes of the progress it shows. One more job, the largest,
 * has an origin that refuses every connection and the shortest retry delay (5 s): it is measured
 * while it fails over and over in TRANSIENT_ERROR.
 * Goals: the 200-file jobs ≤ 50 KB/s, failing or not, one ordinary transfer ≤ 5 KB/s.
 */
final class ProgressBench {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /**
     * One measured job: its files' remote URLs are {@code urlLength} characters long; a
     * {@code refusing} job's origin is a local port that refuses connections.
     */
    private record Case(String name, int files, int urlLength, String goal, boolean refusing) {
    }

    private ProgressBench() {
    }

    static void run(String[] args) throws Exception {
        Duration window = Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : 60);
        Results r = new Results("progress");
        try (TrickleServer origin = new TrickleServer(1L << 30, Duration.ofMillis(250));
             BenchNode node = BenchNode.embedded("progress", Map.of("COPYJOBS_TRANSFER_DENY", "none"));
             Admin admin = Admin.create(Map.of("bootstrap.servers", node.bootstrap()))) {
            String token = node.token("bench", false);
            List<Measure> measures = new ArrayList<>();
            for (Case c : new Case[]{
                    new Case("200 files, remote URLs of 2,048 characters (the largest job there is)", 200, 2048,
                            "goal ≤ 50 KB/s", false),
                    new Case("200 files, remote URLs of ~40 characters", 200, 0, "goal ≤ 50 KB/s", false),
                    new Case("1 file (an ordinary transfer)", 1, 0, "goal ≤ 5 KB/s", false),
                    new Case("200 files, remote URLs of 2,048 characters, origin refusing connections, retry delay 5 s",
                            200, 2048, "goal ≤ 50 KB/s", true)}) {
                measures.add(measure(node, admin, origin, token, c, window));
            }
            // After the jobs, when every task has consumed: what the node writes of its own accord.
            Map<String, Long> before = LogBytes.byTopic(admin, t -> true);
            Window.of(window);
            Map<String, Double> idle = LogBytes.rates(before, LogBytes.byTopic(admin, t -> true), window.toSeconds());
            r.add("idle node, " + window.toSeconds() + " s: " + LogBytes.describe(idle));
            measures.forEach(m -> r.add(m.describe(LogBytes.total(idle))));
        }
        r.write();
    }

    private static Measure measure(BenchNode node, Admin admin, TrickleServer origin, String token, Case c,
                                  Duration window) throws Exception {
        String id = create(node, token, c.refusing() ? RefusingOrigin.url("/f") : origin.url("/f"), c);
        call(node, token, "POST", "/v1/jobs/" + id + "/resume", null);
        String measured = c.refusing() ? "TRANSIENT_ERROR" : "TRANSFERRING";
        await().atMost(Duration.ofSeconds(60)).until(() -> state(node, token, id).equals(measured));
        // Past the first report (the first error is in TRANSIENT_ERROR already): what is measured is a
        // transfer going on, not one starting.
        await().atMost(Duration.ofSeconds(60)).until(() -> c.refusing() || bytes(job(node, token, id)) > 0);
        JsonNode first = job(node, token, id);
        Map<String, Long> before = LogBytes.byTopic(admin, t -> true);
        long start = System.nanoTime();
        Watch watch = new Watch(first, start);
        Window.of(window, Duration.ofMillis(200), () -> watch.saw(job(node, token, id)));
        JsonNode last = watch.last;
        long longestGap = watch.longestGap;
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> rates = LogBytes.rates(before, LogBytes.byTopic(admin, t -> true), seconds);
        call(node, token, "POST", "/v1/jobs/" + id + "/cancel", null);
        await().atMost(Duration.ofSeconds(30)).until(() -> state(node, token, id).equals("CANCELLED"));
        long versions = last.get("version").asLong() - first.get("version").asLong();
        String shown = c.refusing()
                ? String.format(Locale.ROOT, "errorCount %d → %d, still %s with %s", first.get("errorCount").asInt(),
                        last.get("errorCount").asInt(), last.get("state").asText(), last.get("error").get("code").asText())
                : String.format(Locale.ROOT, "GetJob's progress changed at most %.1f s apart", longestGap / 1e9);
        return new Measure(c, Json.wire().writeValueAsBytes(last).length, seconds, rates, versions, shown);
    }

    /** The job as GetJob showed it last, and the longest time its progress stood still. */
    private static final class Watch {
        JsonNode last;
        long lastChange;
        long longestGap;

        Watch(JsonNode first, long start) {
            last = first;
            lastChange = start;
        }

        void saw(JsonNode now) {
            long at = System.nanoTime();
            if (bytes(now) != bytes(last)) {
                longestGap = Math.max(longestGap, at - lastChange);
                lastChange = at;
            }
            last = now;
        }
    }

    /** What one job's window showed; {@code shown} is what GetJob showed of it. */
    private record Measure(Case c, int documentBytes, double seconds, Map<String, Double> rates, long versions,
                           String shown) {
        String describe(double idleBytesPerSecond) {
            return String.format(Locale.ROOT, "%s, job of %d bytes, %.0f s: %.1f KB/s more than the idle node "
                            + "(%s); %d job versions written (%.1f s apart); %s — %s", c.name(), documentBytes,
                    seconds, (LogBytes.total(rates) - idleBytesPerSecond) / 1000, LogBytes.describe(rates), versions,
                    seconds / Math.max(1, versions), shown, c.goal());
        }
    }

    /** The job of case {@code c}, its files at {@code base}N.bin. */
    private static String create(BenchNode node, String token, String base, Case c) throws Exception {
        StringBuilder files = new StringBuilder();
        for (int i = 0; i < c.files(); i++) {
            String url = base + i + ".bin";
            if (c.urlLength() > url.length()) {
                url = url + "?" + "p".repeat(c.urlLength() - url.length() - 1);
            }
            files.append(i == 0 ? "" : ",").append("{\"remoteUrl\":\"").append(url)
                    .append("\",\"localName\":\"f").append(i).append(".bin\"}");
        }
        String retryDelay = c.refusing() ? "\"minimumRetryDelaySeconds\":5," : "";
        JsonNode made = call(node, token, "POST", "/v1/jobs", "{\"displayName\":\"progress\"," + retryDelay
                + "\"files\":[" + files + "]}");
        return made.get("id").asText();
    }

    private static long bytes(JsonNode job) {
        return job.get("progress").get("bytesTransferred").asLong();
    }

    private static String state(BenchNode node, String token, String id) throws Exception {
        return job(node, token, id).get("state").asText();
    }

    private static JsonNode job(BenchNode node, String token, String id) throws Exception {
        return call(node, token, "GET", "/v1/jobs/" + id, null);
    }

    private static JsonNode call(BenchNode node, String token, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.base + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return Json.wire().readTree(response.body());
    }
}
