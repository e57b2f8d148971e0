package io.copyjobs.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.testing.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.copyjobs.it.GetJobContract.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Malformed requests where two nodes are needed: every read is also tried where it is forwarded,
 * and each is a 4xx problem with a code on both, never a 500, never a stack trace in the log. The
 * route tests (io.copyjobs.http.MalformedRequestTest and friends) check the rest on one node
 * without a broker.
 */
class MalformedRequestIT {
    static final String NAMESPACE = TestNode.freshNamespace("malformed");
    static final List<TestNode> NODES = new ArrayList<>();
    static final ListAppender<ILoggingEvent> LOGGED = new ListAppender<>();
    static final Logger ROOT = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    static String token;
    static String id;

    @BeforeAll
    static void start() {
        for (int i = 0; i < 2; i++) {
            NODES.add(TestNode.start(NAMESPACE, Map.of()));
        }
        // Both nodes must hold partitions, so that for every key one of them forwards.
        await().atMost(Duration.ofSeconds(60)).until(() -> NODES.stream().allMatch(n ->
                n.node.streams().metadataForAllStreamsClients().size() == 2
                        && n.node.streams().metadataForAllStreamsClients().stream().allMatch(m -> !m.topicPartitions().isEmpty())));
        token = NODES.get(0).token("alice");
        HttpResponse<String> made = NODES.get(0).post("/v1/jobs", token, "{\"displayName\":\"target\",\"files\":["
                + "{\"remoteUrl\":\"https://example.com/a.bin\",\"localName\":\"a.bin\"}]}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        id = TestNode.json(made).get("id").asText();
        // Appended to by the nodes' threads while a test reads it.
        LOGGED.list = new CopyOnWriteArrayList<>();
        LOGGED.start();
        ROOT.addAppender(LOGGED);
    }

    @AfterAll
    static void stop() {
        ROOT.detachAppender(LOGGED);
        NODES.forEach(TestNode::close);
    }

    static void assertRawProblem(RawHttp.Answer a, int status, String code) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.header("content-type")).startsWith("application/problem+json");
        JsonNode p = a.json();
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("code").asText()).isEqualTo(code);
        assertThat(p.get("hresult").asText()).matches("0x[0-9A-F]{8}");
        assertThat(p.get("detail").asText()).isNotBlank();
    }

    static List<ILoggingEvent> complaints() {
        return LOGGED.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)
                && e.getLoggerName().matches("io\\.copyjobs\\.http.*|org\\.eclipse\\.jetty.*|io\\.javalin.*")).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"?cursor=%%%", "?x=%zz", "?limit=%zz", "?x=%", "?state=%C0%AF", "?x=%ED%A0%80", "?limit=5&limit=6"})
    void a_malformed_query_is_400_on_every_route_and_node_forwarded_or_not(String query) {
        int before = complaints().size();
        for (TestNode node : NODES) {
            for (String path : new String[]{"/v1/jobs", "/v1/jobs/" + id, "/v1/cluster"}) {
                String caller = path.equals("/v1/cluster") ? node.adminToken("root") : token;
                // Raw: java.net.URI, under every Java HTTP client, refuses to send these at all.
                assertRawProblem(RawHttp.send(node.node.httpPort(), RawHttp.request("GET " + path + query + " HTTP/1.1",
                        caller)), 400, "E_INVALIDARG");
            }
        }
        assertThat(complaints()).hasSize(before);
    }

    @Test
    void a_forwarded_read_asks_the_peer_for_the_checked_values_not_the_callers_text() {
        for (TestNode node : NODES) {
            // '|' and '^' are fine for Jetty but not for java.net.URI; 'state' comes back in upper case.
            RawHttp.Answer list = RawHttp.send(node.node.httpPort(),
                    RawHttp.request("GET /v1/jobs?state=suspended&limit=05&x=a|b^c HTTP/1.1", token));
            assertThat(list.status()).as(list.body()).isEqualTo(200);
            assertThat(list.body()).contains(id);
            RawHttp.Answer job = RawHttp.send(node.node.httpPort(),
                    RawHttp.request("GET /v1/jobs/" + id + "?x=a|b^c HTTP/1.1", token));
            assertThat(job.status()).as(job.body()).isEqualTo(200);
        }
    }

    @Test
    void raw_and_encoded_braces_name_the_job_on_every_job_route_and_node() {
        String upper = id.toUpperCase(Locale.ROOT);
        for (TestNode node : NODES) {
            int port = node.node.httpPort();
            for (String form : new String[]{"{" + id + "}", "{" + upper + "}", "%7B" + id + "%7D", "%7b" + upper + "%7d"}) {
                RawHttp.Answer got = RawHttp.send(port, RawHttp.request("GET /v1/jobs/" + form + " HTTP/1.1", token));
                assertThat(got.status()).as(form + ": " + got.body()).isEqualTo(200);
                assertThat(got.json().get("id").asText()).isEqualTo(id);
                RawHttp.Answer suspended = RawHttp.send(port, RawHttp.request("POST /v1/jobs/" + form + "/suspend HTTP/1.1",
                        token, "Content-Length: 0"));
                assertThat(suspended.status()).as(form + ": " + suspended.body()).isEqualTo(200);
                RawHttp.Answer patched = RawHttp.send(port, RawHttp.request("PATCH /v1/jobs/" + form + " HTTP/1.1", token,
                        "Content-Type: application/json", "Content-Length: 2") + "{}");
                assertThat(patched.status()).as(form + ": " + patched.body()).isEqualTo(200);
                // Not transferred yet: the id was understood, and the file looked up.
                assertRawProblem(RawHttp.send(port, RawHttp.request("GET /v1/jobs/" + form + "/files/0/content HTTP/1.1",
                        token)), 409, "BG_E_INVALID_STATE");
            }
        }
    }

    @Test
    void a_valid_if_match_list_that_does_not_match_is_still_412() {
        assertProblem(NODES.get(0).patch("/v1/jobs/" + id, token, "{\"description\":\"x\"}", "\"1-0\", W/\"2-0\""),
                412, "CJ_E_PRECONDITION", "0xA0C10001");
    }
}
