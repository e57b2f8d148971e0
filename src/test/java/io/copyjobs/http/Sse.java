package io.copyjobs.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.it.TestNode;
import io.copyjobs.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A job's event stream read on a thread of its own, its events kept as they come. */
final class Sse {
    static final Duration PATIENCE = Duration.ofSeconds(30);
    private final List<Event> events = Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;

    /** One event, and when it came. */
    record Event(String name, String data, Instant at) {
        JsonNode json() {
            try {
                return Json.wire().readTree(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private Sse(Stream<String> lines) {
        reader = new Thread(() -> read(lines), "test-sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens the stream of job {@code id} and returns once its opening event came. */
    static Sse open(TestNode on, String id, String token) throws IOException, InterruptedException {
        HttpResponse<Stream<String>> response = TestNode.HTTP_CLIENT.send(on.request("/v1/jobs/" + id + "/events", token)
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        Sse sse = new Sse(response.body());
        await().atMost(PATIENCE).until(() -> !sse.events.isEmpty());
        return sse;
    }

    private void read(Stream<String> lines) {
        String[] name = {"message"};
        StringBuilder data = new StringBuilder();
        try (lines) {
            lines.forEach(line -> {
                if (line.isEmpty() && data.length() > 0) {
                    events.add(new Event(name[0], data.toString(), Instant.now()));
                    name[0] = "message";
                    data.setLength(0);
                } else if (line.startsWith("event: ")) {
                    name[0] = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            });
        } catch (UncheckedIOException e) {
            events.add(new Event("(broken)", e.toString(), Instant.now()));
        }
    }

    void awaitEnd() {
        await().atMost(PATIENCE).until(this::ended);
    }

    boolean ended() {
        return !reader.isAlive();
    }

    List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    Event last() {
        List<Event> all = events();
        return all.get(all.size() - 1);
    }
}
