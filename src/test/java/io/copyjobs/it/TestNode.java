package io.copyjobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.Node;
import io.copyjobs.auth.AuthSettings;
import io.copyjobs.auth.TokenMinter;
import io.copyjobs.config.Config;
import io.copyjobs.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A real copyjobs node for a test, with an HTTP client and a token minter for its secret. */
public final class TestNode implements AutoCloseable {
    public static final String SECRET = "integration-test-secret-of-at-least-32-bytes";
    public static final HttpClient HTTP_CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public final Node node;
    public final String base;
    private final TokenMinter minter;

    private TestNode(Node node) {
        this.node = node;
        this.base = "http://127.0.0.1:" + node.httpPort();
        this.minter = new TokenMinter(SECRET.getBytes(StandardCharsets.UTF_8), AuthSettings.of(node.config().auth()));
    }

    /**
     * A node on the shared test broker, in a fresh namespace (topic prefix and application id), or in
     * {@code namespace} to join other nodes; waits until it is ready.
     */
    public static TestNode start(String namespace, Map<String, String> overrides) {
        return start(namespace, TestBroker.bootstrapServers(), overrides);
    }

    public static TestNode start(String namespace, String bootstrapServers, Map<String, String> overrides) {
        try {
            Path data = Files.createTempDirectory("copyjobs-node");
            int port = TestBroker.freePort();
            Map<String, String> env = new HashMap<>();
            env.put("COPYJOBS_BOOTSTRAP_SERVERS", bootstrapServers);
            env.put("COPYJOBS_HTTP_PORT", Integer.toString(port));
            env.put("COPYJOBS_ADVERTISED_URL", "http://127.0.0.1:" + port);
            env.put("COPYJOBS_DATA_DIR", data.toString());
            env.put("COPYJOBS_TOPIC_PREFIX", namespace + ".");
            env.put("COPYJOBS_APPLICATION_ID", namespace);
            env.put("COPYJOBS_PARTITIONS", "4");
            env.put("COPYJOBS_AUTH_HS256_SECRET", SECRET);
            // Jobs stay where a test puts them unless it turns the transfer engine on.
            env.put("COPYJOBS_MAX_TRANSFERS", "0");
            // A busy 2-core machine can hold a commit up for seconds: tests wait on outcomes, not
            // on the production deadline (a 504 would fail a test that only wanted the answer).
            env.put("COPYJOBS_COMMAND_TIMEOUT", "PT60S");
            env.putAll(overrides);
            return wrap(Node.start(Config.fromMap(env)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Wraps a started node and waits until it is ready. */
    public static TestNode wrap(Node node) {
        await().atMost(Duration.ofSeconds(120)).until(node::ready);
        return new TestNode(node);
    }

    public static String freshNamespace(String name) {
        return "t-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String token(String subject) {
        return minter.mint(subject, false, Duration.ofHours(1), Instant.now());
    }

    /** A token that expires {@code ttl} from now. */
    public String token(String subject, Duration ttl) {
        return minter.mint(subject, false, ttl, Instant.now());
    }

    public String adminToken(String subject) {
        return minter.mint(subject, true, Duration.ofHours(1), Instant.now());
    }

    public HttpResponse<String> get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    public HttpResponse<String> post(String path, String token, String json) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** A POST without a body, as for resume, suspend, cancel, complete and take-ownership. */
    public HttpResponse<String> post(String path, String token) {
        return send(request(path, token).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    public HttpResponse<String> patch(String path, String token, String json, String ifMatch) {
        HttpRequest.Builder b = request(path, token).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json));
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        return send(b.build());
    }

    public HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(90));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    /** The node's gauge of open event streams ({@code copyjobs_sse_streams}). */
    public int openEventStreams() {
        return get("/metrics", null).body().lines().filter(l -> l.startsWith("copyjobs_sse_streams "))
                .map(l -> (int) Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElseThrow();
    }

    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP_CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request to any node's {@code base} URL with a bearer token, and a JSON body when given. */
    public static HttpResponse<String> call(String base, String token, String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(90))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** The job of a 200 answer; any other status fails the test with the answer's body. */
    public static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.request().method() + " " + response.uri().getPath()
                + ": " + response.body()).isEqualTo(200);
        return json(response);
    }

    public static JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }

    /** JSON text, such as a record's value on a topic, as a tree. */
    public static JsonNode json(String text) {
        try {
            return Json.wire().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        node.close();
    }
}
