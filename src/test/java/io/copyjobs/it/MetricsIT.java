package io.copyjobs.it;

import io.copyjobs.testing.Dashboards;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** GET /metrics in Prometheus form after real traffic; on a separate port when configured. */
class MetricsIT {
    static TestNode node;
    static TestNode managed;
    static int managementPort;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestNode.freshNamespace("metrics"), Map.of());
        managementPort = TestBroker.freePort();
        managed = TestNode.start(TestNode.freshNamespace("metrics-port"),
                Map.of("COPYJOBS_METRICS_PORT", Integer.toString(managementPort)));
    }

    @AfterAll
    static void stop() {
        node.close();
        managed.close();
    }

    static String scrape(String url) {
        HttpResponse<String> r = TestNode.send(HttpRequest.newBuilder(URI.create(url)).GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return r.body();
    }

    @Test
    void requests_commands_lookups_and_jobs_by_state_are_exported_without_ids_in_labels() {
        String alice = node.token("alice");
        String id = TestNode.json(node.post("/v1/jobs", alice, "{\"displayName\":\"m\"}")).get("id").asText();
        node.get("/v1/jobs/" + id, alice);
        node.post("/v1/jobs/" + id + "/resume", alice);
        node.get("/v1/jobs/" + id, node.token("mallory"));
        node.get("/v1/jobs", alice);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String text = scrape(node.base + "/metrics");
            assertThat(text).contains("copyjobs_http_requests_seconds_count{method=\"GET\",route=\"/v1/jobs/{id}\",status=\"200\"}")
                    .contains("copyjobs_http_requests_seconds_count{method=\"GET\",route=\"/v1/jobs/{id}\",status=\"403\"}")
                    .contains("copyjobs_http_requests_seconds_bucket{method=\"POST\",route=\"/v1/jobs\"")
                    .contains("copyjobs_commands_total{operation=\"CreateJob\",outcome=\"applied\"}")
                    .contains("copyjobs_commands_total{operation=\"Resume\",outcome=\"BG_E_EMPTY\"}")
                    .contains("copyjobs_lookups_seconds_count{served_by=\"local\"}")
                    .contains("copyjobs_jobs{state=\"SUSPENDED\"} 1.0")
                    .contains("copyjobs_commands_pending")
                    .contains("copyjobs_streams_state")
                    .contains("kafka_stream_")
                    .contains("kafka_producer_")
                    .contains("jvm_memory_used_bytes")
                    .contains("jvm_gc_pause_seconds")
                    .contains("process_cpu_usage");
            assertThat(text).as("no job id or owner in any label").doesNotContain(id).doesNotContain("alice");
        });
    }

    @Test
    void a_fresh_node_exports_every_series_of_a_closed_set_of_tags_at_zero() {
        String text = scrape("http://127.0.0.1:" + managementPort + "/metrics");
        assertThat(text).contains("copyjobs_forward_errors_total{reason=\"unreachable\"} 0.0")
                .contains("copyjobs_forward_errors_total{reason=\"unavailable\"} 0.0")
                .contains("copyjobs_commands_total{operation=\"TakeOwnership\",outcome=\"applied\"} 0.0")
                .contains("copyjobs_commands_total{operation=\"Cancel\",outcome=\"unchanged\"} 0.0")
                .contains("copyjobs_commands_total{operation=\"Resume\",outcome=\"BG_E_INVALID_STATE\"} 0.0")
                .contains("copyjobs_commands_total{operation=\"CreateJob\",outcome=\"CJ_E_TIMEOUT\"} 0.0")
                .contains("copyjobs_lookups_seconds_count{served_by=\"standby\"} 0")
                .contains("copyjobs_lookups_seconds_count{served_by=\"unavailable\"} 0")
                .contains("copyjobs_transfer_bytes_total{source=\"origin\"} 0.0")
                .contains("copyjobs_transfer_bytes_total{source=\"peer\"} 0.0")
                .contains("copyjobs_cache_bytes 0.0")
                .contains("copyjobs_cache_hits_total 0.0")
                .contains("copyjobs_cache_evictions_total 0.0");
    }

    @Test
    void kafka_meters_are_a_curated_few_not_one_per_store_processor_topic_or_broker() {
        String text = scrape(node.base + "/metrics");
        Set<String> kafka = Dashboards.sampleNames(text).stream().filter(n -> n.startsWith("kafka_"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(kafka).contains("kafka_stream_alive_stream_threads", "kafka_stream_thread_commit_latency_avg",
                        "kafka_consumer_coordinator_rebalance_total", "kafka_producer_record_send_total")
                .noneMatch(n -> n.startsWith("kafka_stream_state_") || n.startsWith("kafka_stream_processor_")
                        || n.startsWith("kafka_stream_topic_") || n.startsWith("kafka_producer_topic_")
                        || n.startsWith("kafka_admin_client_") || n.contains("_node_") || n.contains("app_info"))
                .hasSizeLessThanOrEqualTo(30);
        assertThat(text.lines().filter(l -> l.startsWith("kafka_"))).as("kafka series").hasSizeLessThan(300);
    }

    @Test
    void with_a_metrics_port_the_scrape_moves_there_and_leaves_the_api_port() {
        assertThat(managed.get("/metrics", null).statusCode()).isEqualTo(404);
        assertThat(scrape("http://127.0.0.1:" + managementPort + "/metrics"))
                .contains("copyjobs_http_requests_seconds_count{method=\"GET\",route=\"unmatched\",status=\"404\"}");
    }
}
