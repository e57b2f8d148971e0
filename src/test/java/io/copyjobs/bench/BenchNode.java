package io.copyjobs.bench;

import io.copyjobs.auth.AuthSettings;
import io.copyjobs.auth.TokenMinter;
import io.copyjobs.config.Config;
import io.copyjobs.testing.JarProcess;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** A node under measurement: {@code java -jar target/copyjobs.jar} in its own process. */
final class BenchNode implements AutoCloseable {
    static final String SECRET = "benchmark-secret-that-is-at-least-32-bytes";
    final JarProcess process;
    final String base;
    final int kafkaPort;
    final Map<String, String> env;
    private final TokenMinter minter;

    private BenchNode(JarProcess process, String base, int kafkaPort, Map<String, String> env) {
        this.process = process;
        this.base = base;
        this.kafkaPort = kafkaPort;
        this.env = env;
        this.minter = new TokenMinter(SECRET.getBytes(StandardCharsets.UTF_8),
                AuthSettings.of(Config.fromMap(Map.of()).auth()));
    }

    /** A node with its own embedded broker, in a fresh data directory under bench/out/NAME. */
    static BenchNode embedded(String name, Map<String, String> extra) throws IOException {
        Path data = Path.of("bench", "out", name + "-" + System.currentTimeMillis());
        Files.createDirectories(data);
        int http = freePort();
        int kafka = freePort();
        Map<String, String> env = new HashMap<>(Map.of(
                "COPYJOBS_DATA_DIR", data.toAbsolutePath().toString(),
                "COPYJOBS_HTTP_PORT", Integer.toString(http),
                "COPYJOBS_EMBEDDED_KAFKA_PORT", Integer.toString(kafka),
                "COPYJOBS_EMBEDDED_CONTROLLER_PORT", Integer.toString(freePort()),
                "COPYJOBS_AUTH_HS256_SECRET", SECRET));
        env.putAll(extra);
        return start(env, "http://127.0.0.1:" + http, kafka);
    }

    /** A node in {@code data} on brokers that run elsewhere ({@code kafkaPort} is one of theirs). */
    static BenchNode onBrokers(Path data, String bootstrap, int kafkaPort, Map<String, String> extra) throws IOException {
        int http = freePort();
        Map<String, String> env = new HashMap<>(Map.of("COPYJOBS_BOOTSTRAP_SERVERS", bootstrap,
                "COPYJOBS_DATA_DIR", Files.createDirectories(data).toAbsolutePath().toString(),
                "COPYJOBS_HTTP_PORT", Integer.toString(http),
                "COPYJOBS_ADVERTISED_URL", "http://127.0.0.1:" + http,
                "COPYJOBS_AUTH_HS256_SECRET", SECRET));
        env.putAll(extra);
        return start(env, "http://127.0.0.1:" + http, kafkaPort);
    }

    static BenchNode start(Map<String, String> env, String base, int kafkaPort) throws IOException {
        env = new HashMap<>(env);
        // e.g. a JFR recording of the node under load: -XX:StartFlightRecording=filename=node.jfr,settings=profile
        String javaOptions = System.getenv("BENCH_NODE_JAVA_OPTIONS");
        String logging = "-Dlogback.configurationFile=" + NodeLog.write(Path.of(env.get("COPYJOBS_DATA_DIR")), "node", NodeLog.NODE);
        env.put("JAVA_TOOL_OPTIONS", javaOptions == null || javaOptions.isBlank() ? logging : javaOptions + " " + logging);
        String extra = System.getenv("BENCH_NODE_ENV");
        if (extra != null && !extra.isBlank()) {
            // Settings to try under load, e.g. BENCH_NODE_ENV=COPYJOBS_KAFKA_NUM_STREAM_THREADS=2
            for (String pair : extra.split(",")) {
                String[] kv = pair.split("=", 2);
                env.put(kv[0].trim(), kv[1].trim());
            }
        }
        JarProcess p = JarProcess.start(env);
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                    .until(() -> p.printed("copyjobs ready") || !p.process().isAlive());
        } catch (ConditionTimeoutException e) {
            p.kill();
            throw new IllegalStateException("the node did not start in 90 s:\n" + p.output(), e);
        }
        if (!p.process().isAlive()) {
            throw new IllegalStateException("the node did not start:\n" + p.output());
        }
        return new BenchNode(p, base, kafkaPort, env);
    }

    String bootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    String token(String subject, boolean admin) {
        return minter.mint(subject, admin, Duration.ofHours(6), Instant.now());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
