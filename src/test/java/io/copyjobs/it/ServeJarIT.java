package io.copyjobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.testing.JarProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's path for a new user: {@code java -jar target/copyjobs.jar} starts a node with its
 * own embedded broker and dev key, {@code token} prints a token for that key, and the API answers
 * with it. Each runs as its own process.
 */
class ServeJarIT {
    @TempDir
    static Path data;
    static Map<String, String> env;
    static JarProcess serve;
    static String base;

    @BeforeAll
    static void start() {
        int http = TestBroker.freePort();
        env = Map.of(
                "COPYJOBS_DATA_DIR", data.toString(),
                "COPYJOBS_HTTP_PORT", Integer.toString(http),
                "COPYJOBS_EMBEDDED_KAFKA_PORT", Integer.toString(TestBroker.freePort()),
                "COPYJOBS_EMBEDDED_CONTROLLER_PORT", Integer.toString(TestBroker.freePort()));
        base = "http://127.0.0.1:" + http;
        serve = JarProcess.start(env);
        // Startup speed is bench/run.sh startup's to measure; here a hung start fails, a slow one does not.
        await().atMost(Duration.ofSeconds(120)).until(() -> serve.printed("copyjobs ready") || !serve.process().isAlive());
        assertThat(serve.process().isAlive()).as(serve.output()).isTrue();
    }

    @AfterAll
    static void stop() {
        if (serve != null) {
            serve.close();
        }
    }

    @Test
    void the_node_says_it_is_ready_where_and_how_to_get_a_token_in_one_line() {
        String line = serve.output().lines().filter(l -> l.contains("copyjobs ready")).findFirst().orElseThrow();
        assertThat(line).contains("http://localhost:").contains("token --sub");
        assertThat(Files.exists(data.resolve("dev-key"))).isTrue();
    }

    @Test
    void a_dev_token_from_the_token_command_creates_and_gets_a_job() throws Exception {
        JarProcess.Result token = JarProcess.run(env, "token", "--sub", "alice");
        assertThat(token.exitCode()).as(token.output()).isZero();
        String jwt = token.lastLine();
        assertThat(jwt.split("\\.")).hasSize(3);

        HttpResponse<String> created = TestNode.send(HttpRequest.newBuilder(URI.create(base + "/v1/jobs"))
                .header("Authorization", "Bearer " + jwt).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"displayName\":\"from the jar\"}")).build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode job = TestNode.json(created);

        JarProcess.Result admin = JarProcess.run(env, "token", "--sub", "root", "--admin");
        HttpResponse<String> got = TestNode.send(HttpRequest.newBuilder(
                URI.create(base + "/v1/jobs/" + job.get("id").asText()))
                .header("Authorization", "Bearer " + admin.lastLine()).GET().build());
        assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
        assertThat(TestNode.json(got).get("owner").asText()).isEqualTo("alice");
    }

    @Test
    void a_second_node_on_the_same_data_directory_is_refused_at_once_and_the_first_keeps_serving() throws Exception {
        long t0 = System.nanoTime();
        JarProcess.Result second = JarProcess.run(env);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertThat(second.exitCode()).as(second.output()).isEqualTo(1);
        assertThat(second.output()).contains("another copyjobs node (pid " + serve.process().pid() + ") is using "
                + data.toAbsolutePath().normalize()).contains("COPYJOBS_DATA_DIR").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(millis).as("refused before anything starts (a normal start alone takes longer)").isLessThan(30_000);
        assertTheFirstNodeStillServes();
    }

    @Test
    void a_node_on_taken_ports_names_each_port_and_its_setting_at_once(@TempDir Path otherData) throws Exception {
        Map<String, String> sameports = new HashMap<>(env);
        sameports.put("COPYJOBS_DATA_DIR", otherData.toString());
        long t0 = System.nanoTime();
        JarProcess.Result second = JarProcess.run(sameports);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertThat(second.exitCode()).as(second.output()).isEqualTo(2);
        assertThat(second.output().strip().lines()).as(second.output()).hasSize(1);
        assertThat(second.output())
                .contains("port " + env.get("COPYJOBS_EMBEDDED_KAFKA_PORT")
                        + " is in use: set COPYJOBS_EMBEDDED_KAFKA_PORT to a free port")
                .contains("port " + env.get("COPYJOBS_EMBEDDED_CONTROLLER_PORT")
                        + " is in use: set COPYJOBS_EMBEDDED_CONTROLLER_PORT to a free port")
                .contains("port " + env.get("COPYJOBS_HTTP_PORT") + " is in use: set COPYJOBS_HTTP_PORT to a free port");
        assertThat(millis).as("refused before anything starts (a normal start alone takes longer)").isLessThan(30_000);
        assertThat(otherData.resolve("kafka")).doesNotExist();
        assertTheFirstNodeStillServes();
    }

    private static void assertTheFirstNodeStillServes() throws Exception {
        assertThat(serve.process().isAlive()).as(serve.output()).isTrue();
        HttpResponse<String> ready = TestNode.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).GET().build());
        assertThat(ready.statusCode()).isEqualTo(200);
        String jwt = JarProcess.run(env, "token", "--sub", "carol").lastLine();
        HttpResponse<String> created = TestNode.send(HttpRequest.newBuilder(URI.create(base + "/v1/jobs"))
                .header("Authorization", "Bearer " + jwt).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"displayName\":\"after the second node\"}")).build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    @Test
    void a_bad_setting_is_a_clear_error_and_exit_code_2() throws Exception {
        JarProcess.Result r = JarProcess.run(Map.of("COPYJOBS_HTTP_PORT", "eighty"), "serve");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.output()).contains("COPYJOBS_HTTP_PORT").contains("eighty").doesNotContain("Exception");
    }
}
