package io.copyjobs.it;

import io.copyjobs.testing.JarProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Ctrl-C on the commands that run long, as a real process gets it (SIGINT): exit 130 with no
 * stack trace, and the job goes on, since it lives on the node. The node transfers nothing, so
 * the jobs wait in QUEUED for as long as the commands watch them.
 */
class CliInterruptIT {
    static TestNode node;
    static String token;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestNode.freshNamespace("interrupt"), Map.of());
        token = node.token("alice");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void ctrl_c_stops_monitor_with_exit_130_and_the_job_goes_on() throws Exception {
        String id = TestNode.json(node.post("/v1/jobs", token, "{\"displayName\":\"watched\",\"files\":[{\"remoteUrl\":"
                + "\"https://example.com/a.bin\",\"localName\":\"a.bin\"}]}")).get("id").asText();
        TestNode.ok(node.post("/v1/jobs/" + id + "/resume", token));

        try (JarProcess monitor = JarProcess.start(client(), "monitor", id)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> monitor.printed("QUEUED") || !monitor.process().isAlive());
            interruptAndExpect130(monitor);
        }
        assertThat(TestNode.ok(node.get("/v1/jobs/" + id, token)).get("state").asText()).isEqualTo("QUEUED");
    }

    @Test
    void ctrl_c_stops_transfer_with_exit_130_and_the_job_goes_on() throws Exception {
        try (JarProcess transfer = JarProcess.start(client(), "transfer", "https://example.com/tool.zip")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> transfer.printed("Ctrl-C stops watching")
                    || !transfer.process().isAlive());
            String line = transfer.output().lines().filter(l -> l.contains("Ctrl-C stops watching")).findFirst()
                    .orElseThrow(() -> new AssertionError(transfer.output()));
            String id = line.substring(0, line.indexOf(':'));
            interruptAndExpect130(transfer);
            assertThat(TestNode.ok(node.get("/v1/jobs/" + id, token)).get("state").asText()).isEqualTo("QUEUED");
        }
    }

    private static void interruptAndExpect130(JarProcess p) throws Exception {
        assertThat(p.process().isAlive()).as(p.output()).isTrue();
        assumeFalse(p.ignoresInterrupt(), "this test JVM was started with SIGINT ignored, so its children ignore it");
        p.interrupt();
        await().atMost(Duration.ofSeconds(60)).until(() -> !p.process().isAlive());
        assertThat(p.process().exitValue()).as(p.output()).isEqualTo(130);
        assertThat(p.output()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static Map<String, String> client() {
        return Map.of("COPYJOBS_URL", node.base, "COPYJOBS_TOKEN", token);
    }
}
