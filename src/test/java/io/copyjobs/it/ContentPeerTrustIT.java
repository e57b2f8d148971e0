package io.copyjobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.content.PieceManifest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the fleet trusts of a peer and of a job's secrets, on three real nodes (issue 17 review):
 * a peer's garbage under a resumed origin download costs a retry, not the job; a job with secrets
 * never has a seeder ask its origin without them; a seed that no job wants any more stops; the
 * records of a node that left are dropped.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContentPeerTrustIT {
    static final String KEY = "k-3c5e9d1f";
    static ContentNodes fleet;
    static List<TestNode> nodes;
    static FilesServer origin;

    @BeforeAll
    static void start() {
        // Shorter than the defaults (15 s, 30 s), so that the tests of a seed's stop and a departure wait less.
        fleet = ContentNodes.start("trust", Map.of("COPYJOBS_CONTENT_SEED_IDLE", "PT8S",
                "COPYJOBS_CONTENT_DEPARTURE_GRACE", "PT10S"));
        nodes = fleet.nodes;
        origin = fleet.origin;
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @AfterEach
    void fullSpeed() {
        origin.rate(Long.MAX_VALUE);
    }

    static String headerOptions() {
        return "{\"headers\":[{\"name\":\"X-Api-Key\",\"value\":\"" + KEY + "\"}]}";
    }

    /** The job once it is TRANSFERRED or ERROR, read through the first node. */
    static JsonNode settled(String id, String owner) {
        TestNode via = nodes.get(0);
        JsonNode[] seen = new JsonNode[1];
        await().atMost(Duration.ofSeconds(180)).until(() -> {
            seen[0] = TestNode.json(via.get("/v1/jobs/" + id, via.token(owner)));
            return Set.of("TRANSFERRED", "ERROR").contains(seen[0].path("state").asText());
        });
        return seen[0];
    }

    /**
     * A holder's part file went bad under its download (its first 2 MiB garbage, kept with the
     * origin's validator) while its job, which has a header and so fetches the origin itself, goes on
     * resuming. The seeder's job takes the holder's bytes (no manifest exists yet), then resumes the
     * origin after them with the holder's validator: the whole does not verify. That costs a retry
     * from the origin, with the holder banned, and the seeder's job gets the content.
     */
    @Test
    void a_mismatch_after_a_peer_s_unchecked_bytes_is_a_retry_from_the_origin_never_a_job_error() throws Exception {
        String path = "/trust/garbage.bin";
        int size = 8 * PieceManifest.PIECE;
        String sha256 = origin.add(path, size);
        TestNode seeder = fleet.activeFor("sha256:" + sha256);
        TestNode holder = nodes.stream().filter(n -> n != seeder).findFirst().orElseThrow();
        Path part = holder.node.config().content().cacheDir().resolve(sha256 + ".part");
        byte[] garbage = new byte[2 * PieceManifest.PIECE];
        new Random(3).nextBytes(garbage);
        Files.write(part, garbage);
        Files.writeString(part.resolveSibling(sha256 + ".part.meta"), "\"" + sha256.substring(0, 16) + "\"",
                StandardCharsets.ISO_8859_1);
        origin.rate(PieceManifest.PIECE);
        String holderOwner = fleet.ownerOn(holder, "garbage");
        ContentNodes.job(holder, holderOwner, origin, path, sha256, headerOptions());
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.size(part) > 3L * PieceManifest.PIECE);
        double fromPeers = ContentNodes.bytesFrom(seeder, "peer");

        String owner = fleet.ownerOn(seeder, "victim");
        String job = ContentNodes.job(seeder, owner, origin, path, sha256);
        JsonNode done = settled(job, owner);
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("TRANSFERRED");
        assertThat(done.path("files").get(0).path("digest").asText()).isEqualTo(sha256);
        assertThat(ContentNodes.bytesFrom(seeder, "peer") - fromPeers).as("bytes the seeder took from the holder")
                .isGreaterThanOrEqualTo(2.0 * PieceManifest.PIECE);
        fleet.assertContent(Map.of(job, owner), origin.content(path));
    }

    /**
     * The origin wants an API key, which the job gives as a header. The job's node is not the
     * content's seeder, yet it never asks the seeder to fetch the URL (which it would, without the
     * key): the origin sees no request without it, and the file is the content.
     */
    @Test
    void a_job_with_secrets_never_has_the_seeder_ask_its_origin_without_them() throws Exception {
        String path = "/trust/private.bin";
        int size = 3 * PieceManifest.PIECE + 5;
        String sha256 = origin.add(path, size);
        origin.require(path, "X-Api-Key", KEY);
        TestNode seeder = fleet.activeFor("sha256:" + sha256);
        TestNode node = nodes.stream().filter(n -> n != seeder).findFirst().orElseThrow();
        String owner = fleet.ownerOn(node, "secret");
        String job = ContentNodes.job(node, owner, origin, path, sha256, headerOptions());
        fleet.assertContent(Map.of(job, owner), origin.content(path));
        assertThat(origin.refused(path)).as("origin requests without the job's key").isZero();
        assertThat(origin.sent(path)).as("origin bytes").isEqualTo(size);
    }

    /**
     * A job on a node that is not the seeder asks it to seed, and is cancelled while the origin is
     * slow. No job wants the content any more: the seeder's origin download stops (the origin's
     * bytes for it stop growing) long before the file is done.
     */
    @Test
    void a_seed_that_no_job_wants_any_more_stops() throws Exception {
        String path = "/trust/unwanted.bin";
        int size = 32 * PieceManifest.PIECE;
        String sha256 = origin.add(path, size);
        origin.rate(PieceManifest.PIECE / 2);
        TestNode seeder = fleet.activeFor("sha256:" + sha256);
        TestNode node = nodes.stream().filter(n -> n != seeder).findFirst().orElseThrow();
        String owner = fleet.ownerOn(node, "unwanted");
        String job = ContentNodes.job(node, owner, origin, path, sha256);
        await().atMost(Duration.ofSeconds(60)).until(() -> origin.sent(path) > PieceManifest.PIECE);
        TestNode.ok(node.post("/v1/jobs/" + job + "/cancel", node.token(owner)));

        // Two looks 3 s apart that see the same count: no download of it runs.
        AtomicLong seen = new AtomicLong(-1);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(3))
                .until(() -> seen.getAndSet(origin.sent(path)) == origin.sent(path));
        assertThat(origin.sent(path)).as("origin bytes once the seed stopped").isLessThan(size / 2);
    }

    /**
     * A fourth node joins with its transfers off: it owns partitions, so before it said so, it was
     * the seeder of some contents, refused to seed them, and every node wanting one went to the
     * origin itself. For such a content, jobs on two nodes start at once under a slow origin: the
     * origin serves it once, and the node with transfers off is never asked.
     */
    @Test
    @Order(Integer.MAX_VALUE - 1)
    void a_node_with_transfers_off_is_never_a_content_s_seeder() throws Exception {
        try (TestNode off = TestNode.start(fleet.namespace, Map.of("COPYJOBS_PARTITIONS", "6", "COPYJOBS_TRANSFER_DENY", "none",
                "COPYJOBS_MAX_TRANSFERS", "0"))) {
            int port = Integer.parseInt(off.base.substring(off.base.lastIndexOf(':') + 1));
            await().atMost(Duration.ofSeconds(90)).until(() -> nodes.get(0).node.streams().metadataForAllStreamsClients().size() == 4
                    && nodes.get(0).node.streams().metadataForAllStreamsClients().stream().allMatch(m -> !m.topicPartitions().isEmpty()));
            String path = "/trust/off-";
            String sha256 = null;
            for (int i = 0; sha256 == null && i < 500; i++) {
                String candidate = origin.add(path + i, 4 * PieceManifest.PIECE);
                if (fleet.activePort("sha256:" + candidate) == port) {
                    sha256 = candidate;
                    path = path + i;
                }
            }
            assertThat(sha256).as("a content whose partition the node with transfers off holds").isNotNull();
            origin.rate(PieceManifest.PIECE);
            Map<String, String> jobs = new LinkedHashMap<>();
            for (TestNode n : nodes.subList(0, 2)) {
                String owner = fleet.ownerOn(n, "off" + jobs.size());
                jobs.put(ContentNodes.job(n, owner, origin, path, sha256), owner);
            }
            fleet.assertContent(jobs, origin.content(path));
            assertThat(origin.sent(path)).as("origin bytes").isEqualTo(4L * PieceManifest.PIECE);
        }
    }

    /**
     * A node that held a content leaves the group for good. Its record of the content is skipped at
     * once, and once it has been gone for the grace, the content's seeder writes its tombstone: the
     * last record of that key on the content topic is one. (Last: it closes a node of the fleet.)
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void the_record_of_a_node_that_left_for_good_is_tombstoned() throws Exception {
        String path = "/trust/left.bin";
        String sha256 = origin.add(path, PieceManifest.PIECE + 1);
        // By port: the node with transfers off may still show in the group's metadata for a moment.
        int seeder = fleet.activePort("sha256:" + sha256);
        TestNode leaving = nodes.stream().filter(n -> !n.base.endsWith(":" + seeder)).findFirst().orElseThrow();
        String owner = fleet.ownerOn(leaving, "leaving");
        fleet.assertContent(Map.of(ContentNodes.job(leaving, owner, origin, path, sha256), owner), origin.content(path));
        try (TopicRecords records = new TopicRecords(fleet.namespace + ".content")) {
            // The job's partition may have moved off the node picked (the previous test's node joined or left the
            // group): the node that leaves is one that holds the content and is not its seeder.
            List<ConsumerRecord<String, String>> held = records.until(seen -> holder(seen, sha256, seeder).isPresent(),
                    Duration.ofSeconds(60));
            TestNode gone = holder(held, sha256, seeder).orElseThrow();
            String key = sha256 + "/" + ContentNodes.name(gone);
            gone.close();
            records.until(seen -> {
                List<ConsumerRecord<String, String>> ofKey = seen.stream().filter(r -> r.key().equals(key)).toList();
                return ofKey.get(ofKey.size() - 1).value() == null;
            }, Duration.ofSeconds(120));
        }
    }

    /** A node that advertises {@code sha256} in {@code seen} (its latest record is not a tombstone) and is not the seeder. */
    private static Optional<TestNode> holder(List<ConsumerRecord<String, String>> seen, String sha256, int seeder) {
        return nodes.stream().filter(n -> !n.base.endsWith(":" + seeder)).filter(n -> {
            List<ConsumerRecord<String, String>> ofKey = TopicRecords.withKey(seen, sha256 + "/" + ContentNodes.name(n));
            return !ofKey.isEmpty() && ofKey.get(ofKey.size() - 1).value() != null;
        }).findFirst();
    }
}
