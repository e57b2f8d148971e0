package io.copyjobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.kafka.KeyPartitions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fleet fetches each content from the origin about once (issue 17): three nodes on the
 * embedded broker, jobs of several owners for one content, an origin that counts the bytes it
 * sends; every file must still be the content, byte for byte.
 */
class ContentCacheIT {
    static ContentNodes fleet;
    static List<TestNode> nodes;
    static FilesServer origin;
    static final String[] OWNERS = {"alice", "bob", "carol"};

    @BeforeAll
    static void start() {
        fleet = ContentNodes.start("cache");
        nodes = fleet.nodes;
        origin = fleet.origin;
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    static String job(TestNode via, String owner, String path, String sha256) {
        return ContentNodes.job(via, owner, origin, path, sha256);
    }

    /** Jobs for {@code path}, owners and nodes taken in turn; id → owner. */
    static Map<String, String> jobs(int count, String path, String sha256) {
        Map<String, String> made = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String owner = OWNERS[i % OWNERS.length];
            made.put(job(nodes.get(i % nodes.size()), owner, path, sha256), owner);
        }
        return made;
    }

    static JsonNode awaitState(String id, String owner, String state) {
        return fleet.awaitState(id, owner, state);
    }

    static void assertContent(Map<String, String> jobs, byte[] content) throws Exception {
        fleet.assertContent(jobs, content);
    }

    @Test
    void many_jobs_of_several_owners_on_three_nodes_fetch_one_content_from_the_origin_about_once() throws Exception {
        String path = "/cache/update.bin";
        int size = 6 * (1 << 20) + 12_345;
        String sha256 = origin.add(path, size);
        Map<TestNode, Double> fromOrigin = bytesFrom("origin");
        Map<TestNode, Double> fromPeers = bytesFrom("peer");
        double hits = hits();
        // Slow enough that the others join while the seeder is still downloading.
        origin.rate(2L << 20);
        try {
            Map<String, String> jobs = jobs(9, path, sha256);
            assertContent(jobs, origin.content(path));
        } finally {
            origin.rate(Long.MAX_VALUE);
        }
        assertThat((double) origin.sent(path) / size).as("origin bytes / size").isLessThanOrEqualTo(1.05);
        assertMetersShowTheSplit(sha256, size, fromOrigin, fromPeers);
        // At most one job's fetch (on the seeder) reached the origin: every other job is a hit.
        assertThat(hits() - hits).as("cache hits").isGreaterThanOrEqualTo(8);
    }

    static double hits() {
        return nodes.stream().mapToDouble(n -> ContentNodes.meter(n, "copyjobs_cache_hits_total")).sum();
    }

    /** What each node's copyjobs_transfer_bytes_total{source} says now, to compare with later. */
    static Map<TestNode, Double> bytesFrom(String source) {
        Map<TestNode, Double> now = new LinkedHashMap<>();
        nodes.forEach(n -> now.put(n, ContentNodes.bytesFrom(n, source)));
        return now;
    }

    /**
     * The meters the Grafana peer-share panel reads: the fleet's origin bytes since {@code fromOrigin}
     * add up to about one copy, and every node holding a verified copy (the second one comes with
     * COPYJOBS_CONTENT_COPIES=2, if no job brought it) received its bytes from the origin or from peers.
     */
    static void assertMetersShowTheSplit(String sha256, long size, Map<TestNode, Double> fromOrigin,
                                         Map<TestNode, Double> fromPeers) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<TestNode, Double> origins = delta(bytesFrom("origin"), fromOrigin);
            Map<TestNode, Double> peers = delta(bytesFrom("peer"), fromPeers);
            assertThat(origins.values().stream().mapToDouble(Double::doubleValue).sum()).as("origin bytes by the meters")
                    .isBetween((double) size, 1.05 * size);
            List<TestNode> holders = nodes.stream()
                    .filter(n -> Files.exists(n.node.config().content().cacheDir().resolve(sha256))).toList();
            assertThat(holders).hasSizeGreaterThanOrEqualTo(2);
            holders.forEach(n -> assertThat(origins.get(n) + peers.get(n)).as("bytes received by %s", n.base)
                    .isGreaterThanOrEqualTo(size));
            assertThat(holders).as("holders that fetched the content from peers")
                    .anyMatch(n -> peers.get(n) >= size);
        });
    }

    static Map<TestNode, Double> delta(Map<TestNode, Double> now, Map<TestNode, Double> before) {
        Map<TestNode, Double> delta = new LinkedHashMap<>();
        now.forEach((n, v) -> delta.put(n, v - before.get(n)));
        return delta;
    }

    @Test
    void jobs_for_a_content_the_fleet_holds_never_reach_the_origin() throws Exception {
        String path = "/cache/held.bin";
        int size = 3 * (1 << 20) + 7;
        String sha256 = origin.add(path, size);
        Map<String, String> first = jobs(1, path, sha256);
        assertContent(first, origin.content(path));
        long before = origin.sent(path);
        assertThat(before).isEqualTo(size);

        Map<String, String> later = jobs(6, path, sha256);
        assertContent(later, origin.content(path));
        assertThat(origin.sent(path)).as("origin bytes after the first job").isEqualTo(before);
    }

    @Test
    void two_jobs_giving_different_digests_for_one_url_each_get_what_they_asked_for() throws Exception {
        String path = "/cache/two.bin";
        String sha256 = origin.add(path, 2 * (1 << 20) + 3);
        String wrong = "0".repeat(63) + "1";
        String bad = job(nodes.get(1), "bob", path, wrong);
        Map<String, String> good = jobs(2, path, sha256);
        JsonNode failed = awaitState(bad, "bob", "ERROR");
        assertThat(failed.path("error").path("code").asText()).as(failed.toString()).isEqualTo("CJ_E_CHECKSUM_MISMATCH");
        assertContent(good, origin.content(path));
    }

    /**
     * A job on the content's seeder leaves one copy only; COPYJOBS_CONTENT_COPIES=2 makes another
     * live node fetch it from that one, so that losing either loses no byte. The owner is picked so
     * that the job's partition (its owner's) is the content's: the job runs on the seeder.
     */
    @Test
    void a_content_fetched_by_one_node_only_gets_a_second_copy_from_it() throws Exception {
        String path = "/cache/copies.bin";
        String sha256 = origin.add(path, (1 << 20) + 99);
        KeyPartitions partitions = new KeyPartitions(6);
        String owner = IntStream.range(0, 1000).mapToObj(i -> "owner" + i)
                .filter(o -> partitions.of(o) == partitions.of("sha256:" + sha256)).findFirst().orElseThrow();
        String id = job(nodes.get(0), owner, path, sha256);
        assertContent(Map.of(id, owner), origin.content(path));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(nodes.stream()
                .filter(n -> Files.exists(n.node.config().content().cacheDir().resolve(sha256))).count()).isEqualTo(2));
        assertThat(origin.sent(path)).isEqualTo((1 << 20) + 99);
    }
}
