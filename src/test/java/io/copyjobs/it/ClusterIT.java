package io.copyjobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.job.JobId;
import io.copyjobs.transfer.JobDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.copyjobs.it.GetJobContract.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three nodes share one queue (SPEC §6): any node answers any job, forwarding at most once to the
 * node that holds it; access rules hold on every hop; reads see every acknowledged write; lists
 * of one owner and of all users are whole from any node.
 */
class ClusterIT {
    static final String NAMESPACE = TestNode.freshNamespace("cluster");
    static final List<TestNode> NODES = new ArrayList<>();
    static FilesServer files;

    @BeforeAll
    static void start() {
        files = new FilesServer();
        for (int i = 0; i < 3; i++) {
            // Each node keeps its own files directory: a file's bytes are on one node only.
            NODES.add(TestNode.start(NAMESPACE, Map.of("COPYJOBS_PARTITIONS", "6", "COPYJOBS_TRANSFER_DENY", "none",
                    "COPYJOBS_MAX_TRANSFERS", "2")));
        }
        // Every node must see the final assignment of the group, in which each holds some partitions.
        await().atMost(Duration.ofSeconds(60)).until(() -> NODES.stream().allMatch(n ->
                n.node.streams().metadataForAllStreamsClients().size() == 3
                        && n.node.streams().metadataForAllStreamsClients().stream().allMatch(m -> !m.topicPartitions().isEmpty())));
    }

    @AfterAll
    static void stop() {
        NODES.forEach(TestNode::close);
        files.close();
    }

    static String create(TestNode via, String owner) {
        HttpResponse<String> r = via.post("/v1/jobs", via.token(owner), "{\"displayName\":\"made by " + owner + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return TestNode.json(r).get("id").asText();
    }

    @Test
    void a_job_made_through_any_node_is_answered_by_every_node() {
        for (TestNode maker : NODES) {
            for (int k = 0; k < 4; k++) {
                String id = create(maker, "alice");
                for (TestNode reader : NODES) {
                    HttpResponse<String> r = reader.get("/v1/jobs/" + id, reader.token("alice"));
                    assertThat(r.statusCode()).as("%s via %s: %s", id, reader.base, r.body()).isEqualTo(200);
                    assertThat(r.headers().firstValue("Copyjobs-Stale")).isEmpty();
                    assertThat(TestNode.json(r).get("id").asText()).isEqualTo(id);
                }
            }
        }
    }

    @Test
    void a_file_s_bytes_are_served_by_every_node_from_the_node_that_transferred_them() throws Exception {
        files.add("/cluster/c.bin", 70_000);
        byte[] content = files.content("/cluster/c.bin");
        TestNode maker = NODES.get(0);
        HttpResponse<String> made = maker.post("/v1/jobs", maker.token("carol"), "{\"displayName\":\"bytes\",\"files\":["
                + "{\"remoteUrl\":\"" + files.url("/cluster/c.bin") + "\",\"localName\":\"c.bin\"}]}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        String id = TestNode.json(made).get("id").asText();
        assertThat(maker.post("/v1/jobs/" + id + "/resume", maker.token("carol")).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode job = TestNode.json(maker.get("/v1/jobs/" + id, maker.token("carol")));
            assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("TRANSFERRED");
        });
        String holder = TestNode.json(maker.get("/v1/jobs/" + id, maker.token("carol"))).get("files").get(0).get("node").asText();

        String path = "/v1/jobs/" + id + "/files/0/content";
        List<TestNode> others = NODES.stream().filter(n -> !n.base.equals("http://" + holder)).toList();
        assertThat(others).as("the holder %s is one of the nodes", holder).hasSize(2);
        for (TestNode other : others) {
            // Nothing to serve locally there: their 200s below are the holder's bytes, relayed.
            assertThat(JobDirectory.of(other.node.config().transfer().filesDir(), "carol", JobId.parse(id).orElseThrow())).doesNotExist();
        }
        for (TestNode reader : NODES) {
            HttpResponse<byte[]> whole = TestNode.HTTP_CLIENT.send(reader.request(path, reader.token("carol")).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(whole.statusCode()).as("via %s", reader.base).isEqualTo(200);
            assertThat(whole.body()).isEqualTo(content);
            HttpResponse<byte[]> range = TestNode.HTTP_CLIENT.send(reader.request(path, reader.token("carol"))
                    .header("Range", "bytes=1000-1099").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 1000-1099/70000");
            assertThat(range.body()).isEqualTo(Arrays.copyOfRange(content, 1000, 1100));
            assertProblem(reader.get(path, reader.token("mallory")), 403, "E_ACCESSDENIED", "0x80070005");
        }
    }

    @Test
    void another_owner_is_refused_on_every_node_whether_forwarded_or_not() {
        String id = create(NODES.get(0), "alice");
        for (TestNode reader : NODES) {
            HttpResponse<String> r = reader.get("/v1/jobs/" + id, reader.token("mallory"));
            assertProblem(r, 403, "E_ACCESSDENIED", "0x80070005");
            assertThat(r.body()).doesNotContain("alice");
        }
    }

    @Test
    void after_a_command_is_answered_every_node_reads_that_version_or_later() {
        for (int round = 0; round < 6; round++) {
            TestNode writer = NODES.get(round % 3);
            String id = create(NODES.get((round + 1) % 3), "bob");
            String command = round % 2 == 0 ? "/cancel" : "/complete";
            HttpResponse<String> w = writer.post("/v1/jobs/" + id + command, writer.token("bob"));
            assertThat(w.statusCode()).as(w.body()).isEqualTo(200);
            long version = TestNode.json(w).get("version").asLong();
            for (TestNode reader : NODES) {
                JsonNode seen = TestNode.json(reader.get("/v1/jobs/" + id, reader.token("bob")));
                assertThat(seen.get("version").asLong()).as("read via %s", reader.base).isGreaterThanOrEqualTo(version);
                assertThat(seen.get("state").asText()).isIn("CANCELLED", "ACKNOWLEDGED");
            }
        }
    }

    @Test
    void a_minimum_version_no_node_has_yet_is_503_with_retry_after() {
        String id = create(NODES.get(1), "carol");
        HttpResponse<String> r = TestNode.send(NODES.get(2).request("/v1/jobs/" + id, NODES.get(2).token("carol"))
                .header("Copyjobs-Min-Version", "5").GET().build());
        assertProblem(r, 503, "CJ_E_UNAVAILABLE", "0xA0C10002");
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void an_owner_s_list_is_the_same_from_every_node() {
        Set<String> made = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            made.add(create(NODES.get(i % 3), "dora"));
        }
        for (TestNode reader : NODES) {
            JsonNode page = TestNode.json(reader.get("/v1/jobs", reader.token("dora")));
            Set<String> listed = new HashSet<>();
            page.get("jobs").forEach(j -> listed.add(j.get("id").asText()));
            assertThat(listed).as("via %s", reader.base).isEqualTo(made);
        }
    }

    @Test
    void all_users_pages_merge_every_node_without_duplicates_or_gaps_while_jobs_are_added() {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            made.add(create(NODES.get(i % 3), "owner-" + i));
        }
        TestNode reader = NODES.get(1);
        String admin = reader.adminToken("root");
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = TestNode.json(reader.get("/v1/jobs?allUsers=true&limit=7"
                    + (cursor == null ? "" : "&cursor=" + cursor), admin));
            page.get("jobs").forEach(j -> seen.add(j.get("id").asText()));
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
            create(NODES.get(seen.size() % 3), "late-owner");
        } while (cursor != null);

        assertThat(seen).doesNotHaveDuplicates().containsAll(made);
        List<String> madeInOrder = seen.stream().filter(made::contains).toList();
        List<String> expected = new ArrayList<>(made);
        java.util.Collections.reverse(expected);
        assertThat(madeInOrder).as("newest first across nodes").containsExactlyElementsOf(expected);
    }

    /**
     * A client that sends the nodes' own header gets no internal answer (one node's share of a
     * list, one node's view of the cluster, a read of whatever copy a node has): nodes prove it.
     */
    @Test
    void a_client_sending_the_nodes_forwarded_header_itself_is_refused_and_gets_no_internal_answer() {
        TestNode via = NODES.get(0);
        String admin = via.adminToken("root");
        String id = create(NODES.get(1), "erin");
        String peer = NODES.get(1).base.substring("http://".length());
        for (String forged : List.of(peer, peer + " " + System.currentTimeMillis() + " bm90LWEtcHJvb2Y")) {
            for (String path : List.of("/v1/jobs?allUsers=true", "/v1/cluster", "/v1/jobs/" + id, "/v1/jobs")) {
                HttpResponse<String> r = TestNode.send(via.request(path, admin).header("Copyjobs-Forwarded-By", forged)
                        .GET().build());
                assertProblem(r, 403, "E_ACCESSDENIED", "0x80070005");
                assertThat(r.body()).doesNotContain("partitions").doesNotContain("streamsState").doesNotContain(id);
            }
        }
        HttpResponse<String> plain = via.get("/v1/jobs?allUsers=true", admin);
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
        assertThat(TestNode.json(plain).has("partitions")).as("the merged page, not a share").isFalse();
    }

    @Test
    void the_cluster_view_shows_every_node_with_its_active_and_standby_partitions_to_administrators() {
        TestNode via = NODES.get(2);
        assertProblem(via.get("/v1/cluster", via.token("alice")), 403, "E_ACCESSDENIED", "0x80070005");
        HttpResponse<String> r = via.get("/v1/cluster", via.adminToken("root"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode nodes = TestNode.json(r).get("nodes");
        assertThat(nodes).hasSize(3);
        Set<Integer> active = new HashSet<>();
        for (JsonNode n : nodes) {
            n.get("active").path(NAMESPACE + ".commands").forEach(p -> active.add(p.asInt()));
            assertThat(n.get("view").get("reachable").asBoolean()).isTrue();
            assertThat(n.get("view").get("streamsState").asText()).isIn("RUNNING", "REBALANCING");
        }
        assertThat(active).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
    }
}
