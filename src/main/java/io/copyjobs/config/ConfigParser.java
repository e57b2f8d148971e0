package io.copyjobs.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The one place that knows the SPEC §9 names and defaults: merges the properties file and the
 * environment, then reads each part of a {@link Config}.
 */
final class ConfigParser {
    /** The root log levels {@code COPYJOBS_LOG_LEVEL} takes, in any case. */
    static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
    private static final String KAFKA_PROPERTY = "kafka.";
    private static final String KAFKA_VARIABLE = "COPYJOBS_KAFKA_";

    private ConfigParser() {
    }

    /** The properties file's entries, then the {@code COPYJOBS_*} entries of {@code env} over them; values trimmed. */
    static Map<String, String> merge(Map<String, String> env, Optional<Path> file) {
        Map<String, String> values = new HashMap<>();
        if (file.isPresent()) {
            Properties props = new Properties();
            try (Reader r = Files.newBufferedReader(file.get())) {
                props.load(r);
            } catch (IOException e) {
                throw new ConfigException("--config " + file.get() + ": cannot read it (" + e.getMessage() + ")");
            }
            props.stringPropertyNames().forEach(k -> values.put(k, props.getProperty(k).trim()));
        }
        env.forEach((k, v) -> {
            if (k.startsWith("COPYJOBS_")) {
                values.put(k, v.trim());
            }
        });
        return values;
    }

    static Config parse(Map<String, String> values) {
        Settings s = new Settings(values);
        Path dataDir = s.path("COPYJOBS_DATA_DIR", "./data");
        return new Config(dataDir, kafka(s), topics(s), http(s), auth(s), steps(s), transfer(s, dataDir),
                content(s, dataDir), client(s), log(s));
    }

    private static Config.Kafka kafka(Settings s) {
        return new Config.Kafka(
                s.text("COPYJOBS_BOOTSTRAP_SERVERS", ""),
                s.port("COPYJOBS_EMBEDDED_KAFKA_PORT", 9092),
                s.port("COPYJOBS_EMBEDDED_CONTROLLER_PORT", 9093),
                s.text("COPYJOBS_TOPIC_PREFIX", "copyjobs."),
                s.text("COPYJOBS_APPLICATION_ID", "copyjobs"),
                clientProps(s.values()));
    }

    /** {@code kafka.*} keys as they are, then {@code COPYJOBS_KAFKA_A_B} as {@code a.b} over them. */
    private static Map<String, String> clientProps(Map<String, String> values) {
        Map<String, String> props = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(KAFKA_PROPERTY)) {
                props.put(k.substring(KAFKA_PROPERTY.length()), v);
            }
        });
        values.forEach((k, v) -> {
            if (k.startsWith(KAFKA_VARIABLE)) {
                props.put(k.substring(KAFKA_VARIABLE.length()).toLowerCase(Locale.ROOT).replace('_', '.'), v);
            }
        });
        return props;
    }

    private static Config.TopicLayout topics(Settings s) {
        return new Config.TopicLayout(
                s.integer("COPYJOBS_PARTITIONS", 12, 1, 10_000),
                s.optionalInteger("COPYJOBS_REPLICATION_FACTOR", 1, 32),
                s.duration("COPYJOBS_COMMANDS_RETENTION", "P7D"),
                s.duration("COPYJOBS_EVENTS_RETENTION", "P7D"),
                s.duration("COPYJOBS_OUTCOMES_RETENTION", "P1D"));
    }

    private static Config.Http http(Settings s) {
        int port = s.port("COPYJOBS_HTTP_PORT", 8080);
        return new Config.Http(port,
                s.uri("COPYJOBS_ADVERTISED_URL", "http://localhost:" + port),
                s.optionalInteger("COPYJOBS_METRICS_PORT", 0, 65535),
                s.duration("COPYJOBS_COMMAND_TIMEOUT", "PT10S"), s.text("COPYJOBS_GRAFANA_URL", ""));
    }

    private static Config.Auth auth(Settings s) {
        return new Config.Auth(
                s.secret("COPYJOBS_AUTH_HS256_SECRET", "HS256 needs 256 bits"),
                s.text("COPYJOBS_AUTH_JWKS_URL", ""),
                s.text("COPYJOBS_AUTH_ISSUER", ""),
                s.text("COPYJOBS_AUTH_AUDIENCE", ""),
                s.text("COPYJOBS_AUTH_ROLES_CLAIM", "roles"),
                s.text("COPYJOBS_AUTH_ADMIN_ROLE", "copyjobs-admin"),
                s.secret("COPYJOBS_NODE_SECRET", "its proofs are HMAC-SHA256"),
                s.base64Key("COPYJOBS_SECRETS_KEY", 32, "AES-256 seals job secrets"));
    }

    private static Config.Steps steps(Settings s) {
        return new Config.Steps(
                s.integer("COPYJOBS_MAX_JOBS_PER_OWNER", 1000, 1, Integer.MAX_VALUE),
                s.duration("COPYJOBS_RETENTION", "P90D"),
                s.duration("COPYJOBS_IDLE_CANCEL", "P90D"),
                s.duration("COPYJOBS_IDEMPOTENCY_TTL", "P1D"),
                s.duration("COPYJOBS_SWEEP_INTERVAL", "PT1M"));
    }

    private static Config.Transfer transfer(Settings s, Path dataDir) {
        String filesDir = s.text("COPYJOBS_FILES_DIR", "");
        return new Config.Transfer(
                filesDir.isEmpty() ? dataDir.resolve("files") : s.path("COPYJOBS_FILES_DIR", ""),
                s.integer("COPYJOBS_MAX_TRANSFERS", 4, 0, 1024),
                s.positiveLong("COPYJOBS_MAX_FILE_BYTES", 64L << 30),
                s.list("COPYJOBS_TRANSFER_DENY", Config.DEFAULT_TRANSFER_DENY),
                s.nonNegativeLong("COPYJOBS_MAX_BYTES_PER_SECOND", 0), TrustBundle.read(s), NodeProxy.read(s));
    }

    /**
     * 16 GiB by default: eight times the 2 GB daily update of issue 17, small beside a server's disk;
     * a pinned content is never evicted, so one larger than this still downloads (and waits).
     */
    private static Config.Content content(Settings s, Path dataDir) {
        String cacheDir = s.text("COPYJOBS_CACHE_DIR", "");
        return new Config.Content(cacheDir.isEmpty() ? dataDir.resolve("content") : s.path("COPYJOBS_CACHE_DIR", ""),
                s.positiveLong("COPYJOBS_CACHE_MAX_BYTES", 16L << 30), s.integer("COPYJOBS_CONTENT_COPIES", 2, 1, 16),
                // A peer that waits for a seed asks again every 5 s (transfer/SeederWatch): idle must outlast that.
                s.duration("COPYJOBS_CONTENT_SEED_IDLE", "PT15S", Duration.ofSeconds(6)),
                s.duration("COPYJOBS_CONTENT_DEPARTURE_GRACE", "PT30S", Duration.ofSeconds(5)));
    }

    private static Config.Client client(Settings s) {
        return new Config.Client(s.uri("COPYJOBS_URL", "http://localhost:8080"), s.text("COPYJOBS_TOKEN", ""));
    }

    /** Both in any case: {@code JSON} and {@code warn} are what people write. */
    private static Config.Log log(Settings s) {
        String format = s.text("COPYJOBS_LOG_FORMAT", "text").toLowerCase(Locale.ROOT);
        String level = s.text("COPYJOBS_LOG_LEVEL", "INFO").toUpperCase(Locale.ROOT);
        return new Config.Log(Settings.oneOf("COPYJOBS_LOG_FORMAT", format, List.of("text", "json"), "text or json"),
                Settings.oneOf("COPYJOBS_LOG_LEVEL", level, LOG_LEVELS, "one of " + String.join(", ", LOG_LEVELS)));
    }
}
