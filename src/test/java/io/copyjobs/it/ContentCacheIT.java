package io.copyjobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.kafka.KeyPartitions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
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

    /** A resumed job of {@code owner} made through {@code via} for the file at {@code path}; its id. */
    static String job(TestNode via, String owner, String path, String sha256) {
        return job(via, owner, origin, path, sha256);
    }

    /** The same, for a file of {@code files}. */
    static String job(TestNode via, String owner, FilesServer files, String path, String sha256) {
        HttpResponse<String> made = via.post("/v1/jobs", via.token(owner), "{\"displayName\":\"shared\",\"files\":[{"
                + "\"remoteUrl\":\"" + files.url(path) + "\",\"localName\":\"f.bin\",\"sha256\":\"" + sha256 + "\"}]}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        String id = TestNode.json(made).get("id").asText();
        assertThat(via.post("/v1/jobs/" + id + "/resume", via.token(owner)).statusCode()).isEqualTo(200);
        return id;
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
        TestNode via = nodes.get(0);
        JsonNode[] seen = new JsonNode[1];
        await().atMost(Duration.ofSeconds(180)).untilAsserted(() -> {
            seen[0] = TestNode.json(via.get("/v1/jobs/" + id, via.token(owner)));
            assertThat(seen[0].path("state").asText()).as(seen[0].toString()).isEqualTo(state);
        });
        return seen[0];
    }

    /** Every job's file, read through another node than the one that made it, is the content. */
    static void assertContent(Map<String, String> jobs, byte[] content) throws Exception {
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

    @Test
    void many_jobs_of_several_owners_on_three_nodes_fetch_one_content_from_the_origin_about_once() throws Exception {
        String path = "/cache/update.bin";
        int size = 6 * (1 << 20) + 12_345;
        String sha256 = origin.add(path, size);
        // Slow enough that the others join while the seeder is still downloading.
        origin.rate(2L << 20);
        try {
            Map<String, String> jobs = jobs(9, path, sha256);
            assertContent(jobs, origin.content(path));
        } finally {
            origin.rate(Long.MAX_VALUE);
        }
        assertThat((double) origin.sent(path) / size).as("origin bytes / size").isLessThanOrEqualTo(1.05);
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
