package io.copyjobs.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.auth.AuthSettings;
import io.copyjobs.auth.JwtVerifier;
import io.copyjobs.auth.TokenMinter;
import io.copyjobs.cluster.NodeProof;
import io.copyjobs.cluster.Peers;
import io.copyjobs.cluster.Router;
import io.copyjobs.content.HeldContents;
import io.copyjobs.job.Command;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.FileSpec;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobSpec;
import io.copyjobs.json.Json;
import io.copyjobs.metrics.Metrics;
import io.copyjobs.secrets.SecretBox;
import io.copyjobs.service.JobService;
import io.copyjobs.testing.FixedLocator;
import io.copyjobs.testing.MemoryJobStore;
import io.copyjobs.testing.RawHttp;
import io.copyjobs.testing.ScriptedCommandBus;
import io.copyjobs.wire.CommandRecord;
import io.copyjobs.wire.Outcome;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One node's real HTTP edge on a free port, without Kafka: {@link HttpServer} with the job routes,
 * the files' content route (over an empty files directory) and health, the real JWT verifier, node proof, metrics, {@link JobService}, read path, router
 * and peer client. Only what Kafka would hold stands in: the stores ({@link MemoryJobStore}), where
 * keys live ({@link FixedLocator}: every key here) and the command bus ({@link ScriptedCommandBus}).
 * One per test class, as a static {@code @RegisterExtension} field: it starts with the class,
 * {@link #reset}s before each test and stops after the last.
 */
final class RouteFixture implements BeforeEachCallback, AfterAllCallback {
    static final byte[] SECRET = "route-test-secret-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8);
    static final AuthSettings AUTH = new AuthSettings("", "", "roles", "copyjobs-admin");
    /** JobService's deadline for an outcome: short, so that a test sees it pass. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
    /** How long a test waits for any answer: far beyond every deadline of the node's. */
    static final Duration ANSWER_BOUND = Duration.ofSeconds(30);
    /** This node as peers name it; never dialled, since it holds every key itself. */
    static final HostInfo SELF = new HostInfo("127.0.0.1", 1);
    static final String ONE_FILE = "{\"displayName\":\"nightly\",\"files\":[{\"remoteUrl\":\"https://example.com/a.bin\","
            + "\"localName\":\"a.bin\"}]}";

    final ScriptedCommandBus bus = new ScriptedCommandBus();
    final MemoryJobStore store = new MemoryJobStore(Set.of(0));
    final Metrics metrics = new Metrics();
    private final TokenMinter minter = new TokenMinter(SECRET, AUTH);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Peers peers;
    private final Path filesDir;
    private final HttpServer server;
    private final String base;

    /** What the routes seal secrets with: a test that opens one uses it too. */
    static final SecretBox SECRETS = SecretBox.derivedFrom(SECRET);

    RouteFixture() {
        NodeProof proof = NodeProof.from(SECRET, Clock.systemUTC());
        FixedLocator locator = FixedLocator.activeHere(SELF);
        peers = new Peers("http", SELF, Duration.ofSeconds(1), Duration.ofSeconds(5), proof);
        Router router = new Router(locator, peers, scheduler, Clock.systemUTC(), metrics);
        JobService service = new JobService(bus, store, store, COMMAND_TIMEOUT, Clock.systemUTC(), metrics);
        JobRoutes jobs = new JobRoutes(service, router, locator, metrics, SECRETS);
        filesDir = temporaryDirectory();
        // The event streams' group is left out: its feed reads a Kafka topic.
        server = new HttpServer(0, JwtVerifier.hs256(SECRET, AUTH), proof, metrics,
                List.of(jobs, jobs.content(peers, filesDir, HeldContents.NONE), new HealthController(() -> true))).start();
        base = "http://127.0.0.1:" + server.port();
        reset();
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("copyjobs-routes");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** No commands received, none answered, no jobs, and this node holding the active copy of every key. */
    void reset() {
        bus.reset();
        store.clear();
        store.hold(MemoryJobStore.Copy.ACTIVE);
    }

    int port() {
        return server.port();
    }

    String token(String subject) {
        return minter.mint(subject, false, Duration.ofHours(1), Instant.now());
    }

    String adminToken(String subject) {
        return minter.mint(subject, true, Duration.ofHours(1), Instant.now());
    }

    /** A new SUSPENDED job of {@code owner} with one file not transferred yet, made at {@code created}, in the store. */
    Job stored(String owner, Instant created) {
        List<FileSpec> files = List.of(new FileSpec("https://example.com/a.bin", "a.bin", null));
        Job job = Job.create(JobId.random(), owner, new JobSpec("job of " + owner, null, null, null, files, null, null, null),
                created);
        store.put(job);
        return job;
    }

    /** The outcome the owner and job steps commit for a CreateJob: a new job of the sender, made from its spec. */
    static Outcome created(CommandRecord command) {
        JobSpec spec = ((Command.CreateJob) command.command()).spec();
        return Outcome.applied(command.requestId(), Job.create(JobId.random(), command.actor(), spec, command.issuedAt()),
                null, true);
    }

    HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(ANSWER_BOUND);
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    HttpResponse<String> get(String path, String token) {
        return send(request(path, token).GET());
    }

    /** A request with a JSON body, or with none when {@code json} is null. */
    HttpResponse<String> send(String method, String path, String token, String json) {
        HttpRequest.Builder b = request(path, token);
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return send(b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        return json(r.body());
    }

    static JsonNode json(String text) {
        try {
            return Json.wire().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asserts an RFC 9457 problem of {@code code} answered with {@code status}, with its HRESULT, its
     * request's id and a detail, and nothing of the node's insides; returns the problem.
     */
    static JsonNode assertProblem(HttpResponse<String> r, int status, ErrorCode code) {
        return assertProblem(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null),
                r.headers().firstValue(Requests.REQUEST_ID).orElse(null), r.body(), status, code);
    }

    /** The same for an answer to a request written byte by byte. */
    static JsonNode assertProblem(RawHttp.Answer a, int status, ErrorCode code) {
        return assertProblem(a.status(), a.header("Content-Type"), a.header(Requests.REQUEST_ID), a.body(), status, code);
    }

    private static JsonNode assertProblem(int answered, String contentType, String requestId, String body, int status,
                                          ErrorCode code) {
        assertThat(answered).as(body).isEqualTo(status);
        assertThat(contentType).startsWith(Problems.CONTENT_TYPE);
        JsonNode p = json(body);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("code").asText()).isEqualTo(code.name());
        assertThat(p.get("hresult").asText()).isEqualTo(code.hresult());
        assertThat(p.get("type").asText()).isEqualTo("urn:copyjobs:problem:" + code.name());
        assertThat(p.get("title").asText()).isNotBlank();
        assertThat(p.get("instance").asText()).isEqualTo("urn:copyjobs:request:" + requestId);
        assertThat(p.get("detail").asText()).isNotBlank();
        assertThat(body).as("no stack trace").doesNotContain("Exception").doesNotContain("\tat ");
        return p;
    }

    void close() {
        server.close();
        peers.close();
        scheduler.shutdownNow();
        metrics.close();
        try {
            Files.delete(filesDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
