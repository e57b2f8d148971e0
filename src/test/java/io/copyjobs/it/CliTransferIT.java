package io.copyjobs.it;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's {@code transfer} and {@code monitor} on a real transfer: a node with its transfer
 * engine on downloads from a real HTTP server on loopback.
 */
class CliTransferIT {
    static FilesServer files;
    static TestNode node;

    @BeforeAll
    static void start() {
        files = new FilesServer();
        node = TestNode.start(TestNode.freshNamespace("clixfer"), Map.of(
                "COPYJOBS_MAX_TRANSFERS", "2", "COPYJOBS_TRANSFER_DENY", "none"));
    }

    @AfterAll
    static void stop() {
        node.close();
        files.close();
    }

    @Test
    void transfer_downloads_the_urls_and_completes_the_job_like_start_bits_transfer() throws Exception {
        files.add("/dl/tool.zip", 700_000);
        files.add("/dl/tool.sig", 512);
        files.rate(700_000);
        CliRun run;
        try {
            run = CliRun.run(node, node.token("alice"), "transfer", files.url("/dl/tool.zip"), files.url("/dl/tool.sig"),
                    "--to", "tools");
        } finally {
            files.rate(Long.MAX_VALUE);
        }
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).contains("ACKNOWLEDGED").contains("2 of 2 files").contains("tools/tool.zip");
        Matcher guid = Pattern.compile("([0-9a-f-]{36}) ACKNOWLEDGED").matcher(run.out());
        assertThat(guid.find()).as(run.toString()).isTrue();
        Path saved = node.node.config().transfer().filesDir().resolve("alice").resolve(guid.group(1)).resolve("tools/tool.zip");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(saved));
        assertThat(Files.readAllBytes(saved)).isEqualTo(files.content("/dl/tool.zip"));
    }

    @Test
    void monitor_follows_a_real_transfer_to_its_end_and_prints_the_totals() {
        String sha = files.add("/mon/big.bin", 900_000);
        String token = node.token("bob");
        String id = CliRun.ok(node, token, "create", "watched").lastLine().trim();
        CliRun.ok(node, token, "addfile", id, files.url("/mon/big.bin"), "big.bin");
        files.rate(450_000);
        try {
            CliRun.ok(node, token, "resume", id);
            CliRun monitor = CliRun.run(node, token, "monitor", id);
            assertThat(monitor.exit()).as(monitor.toString()).isZero();
            assertThat(monitor.lastLine()).contains(id).contains("TRANSFERRED").contains("1 of 1 files").contains("(100%)");
            assertThat(CliRun.ok(node, token, "info", id).out())
                    .contains("Sources      from origin 878.9 KiB, from peers 0 B (0% from peers)\n")
                    .containsPattern("0  yes +878\\.9 KiB of 878\\.9 KiB +878\\.9 KiB +0 B +big\\.bin +\\S+ +" + sha + "\n");
        } finally {
            files.rate(Long.MAX_VALUE);
        }
    }
}
