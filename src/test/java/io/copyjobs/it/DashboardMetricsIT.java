package io.copyjobs.it;

import io.copyjobs.testing.Dashboards;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every metric that a Grafana dashboard under grafana/dashboards/ names is one a running node
 * really exports: a node gets the traffic a fleet sees (creates, reads, a 403, a 404, a rejected
 * resume, a list, and reads forwarded to a peer that does not answer), then its /metrics scrape
 * must hold every series the dashboards' queries read.
 */
class DashboardMetricsIT {
    static TestNode node;
    /** A member of the node's group whose advertised address answers nothing: reads of its keys fail over. */
    static TestNode silentPeer;

    @BeforeAll
    static void start() {
        String namespace = TestNode.freshNamespace("dashboards");
        node = TestNode.start(namespace, Map.of());
        silentPeer = TestNode.start(namespace, Map.of("COPYJOBS_ADVERTISED_URL", "http://127.0.0.1:" + TestBroker.freePort()));
    }

    @AfterAll
    static void stop() {
        silentPeer.close();
        node.close();
    }

    static String scrape() {
        HttpResponse<String> r = TestNode.send(HttpRequest.newBuilder(URI.create(node.base + "/metrics")).GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    static String create(String token) {
        HttpResponse<String> r = node.post("/v1/jobs", token, "{\"displayName\":\"dashboard traffic\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return TestNode.json(r).get("id").asText();
    }

    static void sendTheRoutesTraffic() {
        String alice = node.token("alice");
        String id = create(alice);
        assertThat(node.get("/v1/jobs/" + id, alice).statusCode()).isEqualTo(200);
        assertThat(node.get("/v1/jobs/" + id, node.token("mallory")).statusCode()).isEqualTo(403);
        // An unknown id is a 404 where this node holds its partition; in one of the silent peer's, the
        // standby that answers cannot tell "absent" from "not caught up yet" and says 503.
        assertThat(IntStream.range(0, 24).mapToObj(i -> node.get("/v1/jobs/" + UUID.randomUUID(), alice).statusCode())
                .toList()).contains(404).allMatch(status -> status == 404 || status == 503);
        assertThat(node.post("/v1/jobs/" + id + "/resume", alice).statusCode()).as("no files: BG_E_EMPTY").isEqualTo(409);
        assertThat(node.get("/v1/jobs", alice).statusCode()).isEqualTo(200);
    }

    @Test
    void every_metric_a_dashboard_names_is_in_a_running_node_s_scrape() {
        List<Dashboards.Query> queries = Dashboards.queries(Dashboards.DIR);
        assertThat(queries).isNotEmpty();
        sendTheRoutesTraffic();
        String alice = node.token("alice");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            // Reads of keys the silent peer holds fail over; new jobs land on either node's partitions.
            node.get("/v1/jobs/" + create(alice), alice);
            // The GC pause timer has samples only after a collection since the node started.
            System.gc();
            Set<String> exported = Dashboards.sampleNames(scrape());
            assertThat(Dashboards.missing(queries, exported)).as("metrics named by dashboards but not exported").isEmpty();
        });
    }
}
