package io.copyjobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.testing.LanAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A node with the default {@code COPYJOBS_TRANSFER_DENY} (SPEC §8) does not download from itself:
 * its HTTP port answers on the LAN address as on loopback, so a job pointed there would read the
 * node's own endpoints.
 */
class TransferDenyIT {
    static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestNode.freshNamespace("deny"), Map.of("COPYJOBS_MAX_TRANSFERS", "1"));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void a_job_whose_url_is_the_node_s_own_lan_address_ends_in_ERROR_with_the_deny_error() {
        InetAddress lan = LanAddress.find().orElse(null);
        assumeTrue(lan != null, "this machine has no non-loopback IPv4 address");
        String alice = node.token("alice");
        String url = "http://" + lan.getHostAddress() + ":" + node.node.httpPort() + "/health/live";
        HttpResponse<String> created = node.post("/v1/jobs", alice, "{\"displayName\":\"self\",\"files\":[{\"remoteUrl\":\""
                + url + "\",\"localName\":\"live.txt\"}]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = TestNode.json(created).get("id").asText();
        HttpResponse<String> resumed = node.post("/v1/jobs/" + id + "/resume", alice);
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(60)).until(() -> !TestNode.json(node.get("/v1/jobs/" + id, alice))
                .get("state").asText().matches("QUEUED|CONNECTING|TRANSFERRING"));
        JsonNode job = TestNode.json(node.get("/v1/jobs/" + id, alice));
        assertThat(job.get("state").asText()).isEqualTo("ERROR");
        assertThat(job.get("error").get("code").asText()).isEqualTo("CJ_E_TRANSFER_DENIED");
        assertThat(job.get("error").get("context").asText()).isEqualTo("REMOTE_FILE");
        assertThat(job.get("error").get("description").asText())
                .contains(lan.getHostAddress()).contains("an address of this node");
        assertThat(job.get("progress").get("filesTransferred").asInt()).isZero();
    }
}
