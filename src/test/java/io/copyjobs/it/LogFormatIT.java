package io.copyjobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.json.Json;
import io.copyjobs.testing.JarProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** COPYJOBS_LOG_FORMAT and COPYJOBS_LOG_LEVEL as a user sets them: in any case, in the environment or in the --config file. */
class LogFormatIT {
    @Test
    void json_set_in_the_config_file_in_upper_case_makes_every_line_a_json_object_with_the_message(
            @TempDir Path dir) throws Exception {
        Path file = dir.resolve("copyjobs.properties");
        Files.writeString(file, String.join("\n",
                "COPYJOBS_LOG_FORMAT=JSON",
                "COPYJOBS_DATA_DIR=" + dir.resolve("data"),
                "COPYJOBS_HTTP_PORT=" + TestBroker.freePort(),
                "COPYJOBS_EMBEDDED_KAFKA_PORT=" + TestBroker.freePort(),
                "COPYJOBS_EMBEDDED_CONTROLLER_PORT=" + TestBroker.freePort()));
        try (JarProcess serve = JarProcess.start(Map.of(), "--config", file.toString())) {
            await().atMost(Duration.ofSeconds(120)).until(() -> serve.printed("copyjobs ready") || !serve.process().isAlive());
            List<String> lines = serve.output().lines().toList();
            assertThat(lines).isNotEmpty();
            List<JsonNode> objects = lines.stream().map(LogFormatIT::parse).toList();
            JsonNode ready = objects.stream().filter(o -> o.path("formattedMessage").asText().startsWith("copyjobs ready"))
                    .findFirst().orElseThrow(() -> new AssertionError("no ready line in " + lines));
            assertThat(ready.get("formattedMessage").asText()).matches("copyjobs ready in \\d+\\.\\d s at http://localhost:\\d+ .*")
                    .doesNotContain("{}");
            assertThat(ready.get("level").asText()).isEqualTo("INFO");
            assertThat(ready.get("message").asText()).as("the template").contains("{}");
        }
    }

    @Test
    void a_log_level_set_in_the_config_file_in_lower_case_is_applied(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("copyjobs.properties");
        int http = TestBroker.freePort();
        Files.writeString(file, String.join("\n",
                "COPYJOBS_LOG_LEVEL=warn",
                "COPYJOBS_DATA_DIR=" + dir.resolve("data"),
                "COPYJOBS_HTTP_PORT=" + http,
                "COPYJOBS_EMBEDDED_KAFKA_PORT=" + TestBroker.freePort(),
                "COPYJOBS_EMBEDDED_CONTROLLER_PORT=" + TestBroker.freePort()));
        try (JarProcess serve = JarProcess.start(Map.of(), "--config", file.toString())) {
            await().atMost(Duration.ofSeconds(120)).until(() -> ready(http) || !serve.process().isAlive());
            assertThat(serve.process().isAlive()).as(serve.output()).isTrue();
            assertThat(serve.output()).as("INFO lines under WARN").doesNotContain(" INFO ").doesNotContain("copyjobs ready");
        }
    }

    @Test
    void an_unknown_format_is_a_clear_start_up_error() throws Exception {
        JarProcess.Result r = JarProcess.run(Map.of("COPYJOBS_LOG_FORMAT", "yaml"), "serve");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.output()).contains("COPYJOBS_LOG_FORMAT: must be text or json, not 'yaml'").doesNotContain("Exception");
    }

    private static boolean ready(int port) {
        try {
            return TestNode.HTTP_CLIENT.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode node = Json.wire().readTree(line);
            assertThat(node.isObject()).as(line).isTrue();
            return node;
        } catch (Exception e) {
            throw new AssertionError("not a JSON object: " + line, e);
        }
    }
}
