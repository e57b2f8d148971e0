package io.copyjobs.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import io.copyjobs.it.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Event streams over real HTTP on a real node, pinging every 20 ms so that pings and events meet
 * clients that hang up, a node that stops, a job taken over and a token that expires: each stream
 * ends once, with its last event saying why when there is someone to tell, and nothing the stream
 * threads, Javalin or Jetty log rises to a warning.
 */
class EventStreamIT {
    static final Duration PATIENCE = Duration.ofSeconds(30);
    static final Logger STREAM_LOG = (Logger) LoggerFactory.getLogger(SseStream.class);
    static final Logger ROOT = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
    static TestNode node;
    static String alice;

    @BeforeAll
    static void start() {
        EventsController.ping = Duration.ofMillis(20);
        STREAM_LOG.setLevel(Level.DEBUG); // one line per end: counted to see that each stream ends once
        LOGS.start();
        ROOT.addAppender(LOGS);
        node = TestNode.start(TestNode.freshNamespace("sse"), Map.of());
        alice = node.token("alice");
    }

    @AfterAll
    static void stop() {
        node.close();
        ROOT.detachAppender(LOGS);
        STREAM_LOG.setLevel(null);
        EventsController.ping = EventsController.PING;
    }

    @Test
    void clients_that_hang_up_while_events_and_pings_flow_end_their_streams_once_and_quietly() throws Exception {
        String id = job(node, alice);
        int opened = 0;
        try (Changes changes = new Changes(node, id, alice)) {
            for (int round = 0; round < 3; round++) {
                List<Socket> sockets = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    sockets.add(rawStream(node, id, alice));
                }
                opened += sockets.size();
                await().atMost(PATIENCE).until(() -> node.openEventStreams() == 6);
                changes.awaitMore(3);
                for (int i = 0; i < sockets.size(); i++) {
                    if (i % 2 == 0) {
                        sockets.get(i).setSoLinger(true, 0); // a reset, as from a killed process
                    }
                    sockets.get(i).close();
                }
                await().atMost(PATIENCE).until(() -> node.openEventStreams() == 0);
            }
        }
        assertEndedOnce(id, opened);
        assertThat(warnings()).isEmpty();
    }

    @Test
    void a_node_that_stops_ends_its_streams_with_UNAVAILABLE_once_and_quietly() throws Exception {
        TestNode stopping = TestNode.start(TestNode.freshNamespace("sse-stop"), Map.of());
        String token = stopping.token("alice");
        String id = job(stopping, token);
        List<Sse> readers = new ArrayList<>();
        List<Socket> unread = new ArrayList<>();
        try (Changes changes = new Changes(stopping, id, token)) {
            for (int i = 0; i < 3; i++) {
                readers.add(Sse.open(stopping, id, token));
                unread.add(rawStream(stopping, id, token));
            }
            changes.awaitMore(3);
        }
        stopping.close();
        for (Sse reader : readers) {
            reader.awaitEnd();
            assertThat(reader.last().name()).isEqualTo("StreamEnd");
            assertThat(reader.last().json().get("reason").asText()).isEqualTo("UNAVAILABLE");
            assertThat(reader.last().json().get("code").asText()).isEqualTo("CJ_E_UNAVAILABLE");
        }
        for (Socket s : unread) {
            s.close();
        }
        assertEndedOnce(id, 6);
        assertThat(warnings()).isEmpty();
    }

    @Test
    void take_ownership_by_an_administrator_ends_the_former_owner_s_stream_with_ACCESS_LOST() throws Exception {
        String root = node.adminToken("root");
        String id = job(node, alice);
        Sse alices = Sse.open(node, id, alice);
        Sse roots = Sse.open(node, id, root);
        assertThat(node.post("/v1/jobs/" + id + "/take-ownership", root).statusCode()).isEqualTo(200);

        alices.awaitEnd();
        JsonNode end = alices.last().json();
        assertThat(alices.last().name()).isEqualTo("StreamEnd");
        assertThat(end.get("reason").asText()).isEqualTo("ACCESS_LOST");
        assertThat(end.get("code").asText()).isEqualTo("E_ACCESSDENIED");
        assertThat(end.get("hresult").asText()).isEqualTo("0x80070005");
        assertThat(alices.events()).as("the former owner is not shown the job as it is now")
                .noneMatch(e -> e.data().contains("TakeOwnership"));

        await().atMost(PATIENCE).until(() -> roots.events().stream().anyMatch(e -> e.data().contains("TakeOwnership")));
        assertThat(roots.ended()).as("an administrator may still follow the job").isFalse();
        node.post("/v1/jobs/" + id + "/cancel", root);
        roots.awaitEnd();
        assertThat(roots.last().name()).as("the job's end is told by its final JobModification").isEqualTo("JobModification");
        await().atMost(PATIENCE).until(() -> node.openEventStreams() == 0);
        assertThat(warnings()).isEmpty();
    }

    @Test
    void a_stream_ends_with_TOKEN_EXPIRED_when_the_caller_s_token_expires() throws Exception {
        String shortLived = node.token("alice", Duration.ofSeconds(3));
        Instant exp = SignedJWT.parse(shortLived).getJWTClaimsSet().getExpirationTime().toInstant();
        Sse reader = Sse.open(node, job(node, alice), shortLived);

        reader.awaitEnd();
        assertThat(reader.last().name()).isEqualTo("StreamEnd");
        assertThat(reader.last().json().get("reason").asText()).isEqualTo("TOKEN_EXPIRED");
        assertThat(reader.last().json().get("code").asText()).isEqualTo("E_ACCESSDENIED");
        assertThat(reader.last().at()).as("at exp, not before (the verifier's skew does not extend a stream)")
                .isAfterOrEqualTo(exp.minusMillis(250));
        await().atMost(PATIENCE).until(() -> node.openEventStreams() == 0);
        assertThat(warnings()).isEmpty();
    }

    static String job(TestNode on, String token) {
        return TestNode.json(on.post("/v1/jobs", token, "{\"displayName\":\"watched\"}")).get("id").asText();
    }

    /** A stream read through a bare socket, so that the test can reset it; returns once the opening event came. */
    static Socket rawStream(TestNode on, String id, String token) throws IOException {
        Socket socket = new Socket("127.0.0.1", on.node.httpPort());
        socket.setSoTimeout((int) PATIENCE.toMillis());
        socket.getOutputStream().write(("GET /v1/jobs/" + id + "/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + token + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String line = in.readLine();
        assertThat(line).startsWith("HTTP/1.1 200");
        while (line != null && !line.startsWith("event: JobModification")) {
            line = in.readLine();
        }
        return socket;
    }

    /** Each stream of the job logged its end exactly once. */
    static void assertEndedOnce(String id, int streams) {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(logged().stream()
                .filter(e -> e.getLoggerName().equals(SseStream.class.getName()))
                .filter(e -> e.getFormattedMessage().startsWith("event stream of job " + id + " ended"))).hasSize(streams));
    }

    /** Warnings and errors of the stream threads, and of Javalin, Jetty and the HTTP layer on any thread. */
    static List<String> warnings() {
        return logged().stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .filter(e -> e.getThreadName().startsWith("copyjobs-sse-") || e.getLoggerName().startsWith("io.javalin")
                        || e.getLoggerName().startsWith("org.eclipse.jetty") || e.getLoggerName().startsWith("io.copyjobs.http"))
                .map(e -> e.getThreadName() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
    }

    static List<ILoggingEvent> logged() {
        synchronized (LOGS) { // the appender appends under its own lock
            return new ArrayList<>(LOGS.list);
        }
    }
}
