package io.copyjobs.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.auth.AuthSettings;
import io.copyjobs.auth.JwtVerifier;
import io.copyjobs.cluster.NodeProof;
import io.copyjobs.job.JobState;
import io.copyjobs.job.Operation;
import io.copyjobs.json.Json;
import io.copyjobs.metrics.Metrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's files on the real HTTP server: served without a token, each with its content type,
 * a CSP that forbids inline code, nosniff, no Referer and no CORS; the operation table the console
 * disables buttons by is the state machine's own.
 */
class ConsoleRoutesTest {
    private static final byte[] SECRET = "console-test-secret-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8);
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static HttpServer server;

    @BeforeAll
    static void start() {
        AuthSettings auth = new AuthSettings("", "", "roles", "copyjobs-admin");
        server = new HttpServer(0, JwtVerifier.hs256(SECRET, auth), NodeProof.from(SECRET, Clock.systemUTC()), new Metrics(),
                List.of(new ConsoleRoutes("https://grafana.example.com"))).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Origin", "https://elsewhere.example.com").timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void every_console_file_comes_with_its_type_a_strict_csp_nosniff_no_referer_and_no_cors() throws Exception {
        for (String[] file : new String[][] {{"/console", "text/html"}, {"/console/", "text/html"},
                {"/console/app.js", "text/javascript"}, {"/console/console.css", "text/css"},
                {"/console/operations.json", "application/json"}}) {
            HttpResponse<String> r = get(file[0]);
            assertThat(r.statusCode()).as(file[0]).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).as(file[0]).hasValueSatisfying(t -> assertThat(t).startsWith(file[1]));
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(file[0]).hasValue(ConsoleRoutes.CSP);
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(file[0]).hasValue("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(file[0]).hasValue("no-referrer");
            assertThat(r.headers().map().keySet()).as(file[0]).noneMatch(h -> h.toLowerCase().startsWith("access-control-"));
        }
        assertThat(ConsoleRoutes.CSP).contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "*");
    }

    @Test
    void the_page_has_no_inline_script_or_style_and_loads_its_code_from_the_jar() throws Exception {
        String html = get("/console/").body();
        assertThat(html).contains("<script type=\"module\" src=\"/console/app.js\"></script>")
                .doesNotContain("<style", "style=", "onclick=", "http://", "https://");
    }

    @Test
    void an_unknown_file_is_a_problem_not_a_page() throws Exception {
        HttpResponse<String> r = get("/console/secret.txt");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(Json.wire().readTree(r.body()).get("code").asText()).isEqualTo("DO_E_NOT_FOUND");
    }

    @Test
    void the_operation_table_is_the_state_machines_for_what_a_person_may_send() throws Exception {
        JsonNode ops = Json.wire().readTree(get("/console/operations.json").body());
        assertThat(ops.fieldNames()).toIterable().containsExactly("AddFileSet", "Resume", "Suspend", "Cancel", "Complete",
                "SetProperties", "TakeOwnership", "SetCredentials", "RemoveCredentials", "SetRemoteName",
                "ReplaceRemotePrefix");
        for (JobState state : JobState.values()) {
            assertThat(ops.get("Complete").get("allowedIn").toString().contains("\"" + state + "\""))
                    .as(state.name()).isEqualTo(Operation.COMPLETE.allowedIn(state));
        }
        assertThat(ops.get("TakeOwnership").get("sender").asText()).isEqualTo("ADMIN");
    }

    @Test
    void the_settings_name_the_grafana_to_link() throws Exception {
        assertThat(Json.wire().readTree(get("/console/settings.json").body()).get("grafanaUrl").asText())
                .isEqualTo("https://grafana.example.com");
    }
}
