package io.copyjobs.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seeder of a content stops mid-download (issue 17): its partition, and with it the seeding,
 * goes to another node, which resumes the origin after the bytes the fleet already has; every
 * job finishes, every file is the content, and the origin serves at most 1.5 times its size.
 */
class ContentSeederLossIT {
    static ContentNodes fleet;
    static List<TestNode> nodes;
    static FilesServer origin;

    @BeforeAll
    static void start() {
        fleet = ContentNodes.start("seeder");
        nodes = fleet.nodes;
        origin = fleet.origin;
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void when_the_seeder_stops_mid_download_the_others_finish_from_the_fleet_and_the_origin_resumed() throws Exception {
        String path = "/seeder/big.bin";
        int size = 8 * (1 << 20);
        String sha256 = origin.add(path, size);
        origin.rate(1L << 20);
        TestNode seeder = fleet.activeFor("sha256:" + sha256);
        List<TestNode> survivors = nodes.stream().filter(n -> n != seeder).toList();
        Map<String, String> jobs = new LinkedHashMap<>();
        String[] owners = {"alice", "bob", "carol"};
        for (int i = 0; i < 6; i++) {
            TestNode via = survivors.get(i % 2);
            jobs.put(ContentNodes.job(via, owners[i % 3], origin, path, sha256), owners[i % 3]);
        }
        // Late enough that starting the origin again from 0 would cost more than 1.5 times the size.
        await().atMost(Duration.ofSeconds(120)).until(() -> origin.sent(path) >= 5L << 20);
        seeder.close();
        nodes.remove(seeder);
        origin.rate(4L << 20);

        for (Map.Entry<String, String> job : jobs.entrySet()) {
            TestNode via = survivors.get(0);
            await().atMost(Duration.ofSeconds(240)).untilAsserted(() -> assertThat(TestNode.json(via.get("/v1/jobs/"
                    + job.getKey(), via.token(job.getValue()))).path("state").asText()).isEqualTo("TRANSFERRED"));
            HttpResponse<byte[]> bytes = TestNode.HTTP_CLIENT.send(via.request("/v1/jobs/" + job.getKey()
                    + "/files/0/content", via.token(job.getValue())).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(bytes.statusCode()).isEqualTo(200);
            assertThat(bytes.body()).as("job %s", job.getKey()).isEqualTo(origin.content(path));
        }
        assertThat((double) origin.sent(path) / size).as("origin bytes / size").isLessThanOrEqualTo(1.5);
    }
}
