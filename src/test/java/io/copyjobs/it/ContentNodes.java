package io.copyjobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.content.ContentId;
import io.copyjobs.content.ContentRecord;
import io.copyjobs.content.Replicas;
import io.copyjobs.streams.Stores;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyQueryMetadata;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three transferring nodes in a fresh namespace and an origin that counts the bytes it sends, for
 * the content cache tests; started once each node holds some partitions.
 */
final class ContentNodes implements AutoCloseable {
    final List<TestNode> nodes = new ArrayList<>();
    final FilesServer origin = new FilesServer();
    /** The nodes' namespace: their topics are {@code <namespace>.<name>}. */
    final String namespace;

    private ContentNodes(String namespace) {
        this.namespace = namespace;
    }

    static ContentNodes start(String name) {
        return start(name, Map.of());
    }

    /** Three nodes with {@code settings} besides the fleet's own. */
    static ContentNodes start(String name, Map<String, String> settings) {
        String namespace = TestNode.freshNamespace(name);
        ContentNodes fleet = new ContentNodes(namespace);
        Map<String, String> all = new HashMap<>(Map.of("COPYJOBS_PARTITIONS", "6", "COPYJOBS_TRANSFER_DENY", "none",
                "COPYJOBS_MAX_TRANSFERS", "4"));
        all.putAll(settings);
        for (int i = 0; i < 3; i++) {
            fleet.nodes.add(TestNode.start(namespace, all));
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> fleet.nodes.stream().allMatch(n ->
                n.node.streams().metadataForAllStreamsClients().size() == 3
                        && n.node.streams().metadataForAllStreamsClients().stream().allMatch(m -> !m.topicPartitions().isEmpty())));
        return fleet;
    }

    /** A resumed job of {@code owner} made through {@code via} for {@code path} of {@code files}, with its SHA-256; its id. */
    static String job(TestNode via, String owner, FilesServer files, String path, String sha256) {
        return job(via, owner, files, path, sha256, null);
    }

    /** The same, with the job's {@code options} (JSON: headers or credentials, say; null for none). */
    static String job(TestNode via, String owner, FilesServer files, String path, String sha256, String options) {
        HttpResponse<String> made = via.post("/v1/jobs", via.token(owner), "{\"displayName\":\"shared\",\"files\":[{"
                + "\"remoteUrl\":\"" + files.url(path) + "\",\"localName\":\"f.bin\",\"sha256\":\"" + sha256 + "\"}]"
                + (options == null ? "" : ",\"options\":" + options) + "}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        String id = TestNode.json(made).get("id").asText();
        assertThat(via.post("/v1/jobs/" + id + "/resume", via.token(owner)).statusCode()).isEqualTo(200);
        return id;
    }

    /** The job once it is in {@code state}, read through the first node. */
    JsonNode awaitState(String id, String owner, String state) {
        TestNode via = nodes.get(0);
        JsonNode[] seen = new JsonNode[1];
        await().atMost(Duration.ofSeconds(180)).untilAsserted(() -> {
            seen[0] = TestNode.json(via.get("/v1/jobs/" + id, via.token(owner)));
            assertThat(seen[0].path("state").asText()).as(seen[0].toString()).isEqualTo(state);
        });
        return seen[0];
    }

    /** Every job's file (id → owner), read through another node than the one that made it, is the content. */
    void assertContent(Map<String, String> jobs, byte[] content) throws Exception {
        int n = 0;
        for (Map.Entry<String, String> job : jobs.entrySet()) {
            awaitState(job.getKey(), job.getValue(), "TRANSFERRED");
            TestNode reader = nodes.get(n++ % nodes.size());
            HttpResponse<byte[]> bytes = TestNode.HTTP_CLIENT.send(reader.request("/v1/jobs/" + job.getKey()
                    + "/files/0/content", reader.token(job.getValue())).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(bytes.statusCode()).isEqualTo(200);
            assertThat(bytes.body()).as("job %s", job.getKey()).isEqualTo(content);
        }
    }

    /**
     * The node with the active task of {@code key}'s partition: for {@code sha256:<hex>} the
     * content's seeder, for an owner the node its jobs run on.
     */
    TestNode activeFor(String key) {
        KeyQueryMetadata where = nodes.get(0).node.streams().queryMetadataForKey(Stores.JOBS.name(), key,
                Serdes.String().serializer());
        return nodes.stream().filter(n -> n.base.endsWith(":" + where.activeHost().port())).findFirst().orElseThrow();
    }

    /** The port of the node with the active task of {@code key}'s partition, one of the fleet or not. */
    int activePort(String key) {
        return nodes.get(0).node.streams().queryMetadataForKey(Stores.JOBS.name(), key, Serdes.String().serializer())
                .activeHost().port();
    }

    /** An owner named {@code prefix<n>} whose jobs run on {@code node}. */
    String ownerOn(TestNode node, String prefix) {
        int port = Integer.parseInt(node.base.substring(node.base.lastIndexOf(':') + 1));
        return IntStream.range(0, 1000).mapToObj(i -> prefix + i).filter(o -> activePort(o) == port).findFirst().orElseThrow();
    }

    /** The node's name, as nodes name each other: {@code host:port}. */
    static String name(TestNode node) {
        return node.base.substring("http://".length());
    }

    /**
     * The two nodes that COPYJOBS_CONTENT_COPIES=2 wants holding {@code sha256}, by the ranking the
     * nodes use ({@link Replicas}): asked as if one node outside the fleet held it.
     */
    List<TestNode> copyHolders(String sha256) {
        Set<String> live = nodes.stream().map(ContentNodes::name).collect(Collectors.toSet());
        List<ContentRecord> held = List.of(new ContentRecord("elsewhere:1", 1, 1, true, null, null));
        return nodes.stream().filter(n -> new Replicas(2).wanted(new ContentId(sha256), name(n), live, held, Long.MAX_VALUE)).toList();
    }

    /**
     * A series of {@code node}'s {@code /metrics}, as Prometheus names it ({@code copyjobs_cache_bytes},
     * say); 0 for one not made yet, such as a route's before its first request.
     */
    static double meter(TestNode node, String series) {
        return node.get("/metrics", null).body().lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1))).findFirst().orElse(0);
    }

    /** The bytes {@code node}'s transfers received from {@code source}: origin or peer. */
    static double bytesFrom(TestNode node, String source) {
        return meter(node, "copyjobs_transfer_bytes_total{source=\"" + source + "\"}");
    }

    @Override
    public void close() {
        nodes.forEach(TestNode::close);
        origin.close();
    }
}
