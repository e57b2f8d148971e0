package io.copyjobs.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Every setting of a node or a client command (SPEC §9), built once at start from defaults, then
 * an optional properties file, then the environment (which wins). Components receive the parts
 * they need in their constructors.
 *
 * @param nodeSecret what nodes prove forwarded requests to each other with; empty: derived from
 *                   the HS256 secret or the dev key (required with a JWKS URL)
 * @param kafka properties passed to every Kafka client: {@code kafka.*} keys of the file and
 *              {@code COPYJOBS_KAFKA_*} variables ({@code COPYJOBS_KAFKA_SECURITY_PROTOCOL} →
 *              {@code security.protocol})
 */
public record Config(
        String bootstrapServers,
        int embeddedKafkaPort,
        int embeddedControllerPort,
        int httpPort,
        URI advertisedUrl,
        Path dataDir,
        Path filesDir,
        int partitions,
        Integer replicationFactor,
        String authHs256Secret,
        String authJwksUrl,
        String authIssuer,
        String authAudience,
        String authRolesClaim,
        String authAdminRole,
        String nodeSecret,
        String topicPrefix,
        String applicationId,
        Integer metricsPort,
        Duration commandTimeout,
        int maxJobsPerOwner,
        Duration retention,
        Duration idleCancel,
        Duration idempotencyTtl,
        Duration commandsRetention,
        Duration eventsRetention,
        Duration outcomesRetention,
        Duration sweepInterval,
        int maxTransfers,
        long maxFileBytes,
        List<String> transferDeny,
        String logFormat,
        String logLevel,
        URI clientUrl,
        String clientToken,
        Map<String, String> kafka) {

    /** The root log levels {@code COPYJOBS_LOG_LEVEL} takes, in any case. */
    static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    /**
     * Loopback, link-local (cloud metadata lives at 169.254.169.254), this node's own addresses
     * ({@code self}), the unspecified addresses 0.0.0.0/8 and :: (connecting to them reaches this
     * host), and the metadata and platform endpoints clouds keep outside link-local: Alibaba
     * 100.100.100.200, Oracle Classic 192.0.0.192, Azure's WireServer 168.63.129.16, AWS IMDS and
     * EKS Pod Identity fd00:ec2::254 and ::23, GCP fd20:ce::254, Oracle fd00:c1::a9fe:a9fe, Scaleway
     * fd00:42::42, Akamai/Linode fd00:a9fe:a9fe::1, and the GCP metadata host name.
     */
    public static final String DEFAULT_TRANSFER_DENY = "127.0.0.0/8,::1/128,0.0.0.0/8,::/128,169.254.0.0/16,"
            + "fe80::/10,self,100.100.100.200/32,192.0.0.192/32,168.63.129.16/32,fd00:ec2::254/128,fd00:ec2::23/128,"
            + "fd20:ce::254/128,fd00:c1::a9fe:a9fe/128,fd00:42::42/128,fd00:a9fe:a9fe::1/128,metadata.google.internal";

    public Config {
        kafka = Map.copyOf(kafka);
        transferDeny = List.copyOf(transferDeny);
    }

    /** True when no bootstrap servers are set: this node runs its own single-node broker. */
    public boolean embeddedBroker() {
        return bootstrapServers.isBlank();
    }

    /** The bootstrap servers to use: the configured ones, or the embedded broker's. */
    public String effectiveBootstrapServers() {
        return embeddedBroker() ? "127.0.0.1:" + embeddedKafkaPort : bootstrapServers;
    }

    /** Loads the configuration from the process environment and an optional properties file. */
    public static Config load(Optional<Path> file) {
        return load(System.getenv(), file);
    }

    public static Config load(Map<String, String> env, Optional<Path> file) {
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
        return fromMap(values);
    }

    /** Builds a configuration from {@code COPYJOBS_*} and {@code kafka.*} entries over the defaults. */
    public static Config fromMap(Map<String, String> values) {
        Settings s = new Settings(values);
        int httpPort = s.port("COPYJOBS_HTTP_PORT", 8080);
        Path dataDir = Path.of(s.text("COPYJOBS_DATA_DIR", "./data")).toAbsolutePath().normalize();
        String filesDir = s.text("COPYJOBS_FILES_DIR", "");
        String secret = s.secret("COPYJOBS_AUTH_HS256_SECRET", "HS256 needs 256 bits");
        String deny = s.text("COPYJOBS_TRANSFER_DENY", DEFAULT_TRANSFER_DENY);
        String logFormat = s.text("COPYJOBS_LOG_FORMAT", "text").toLowerCase(Locale.ROOT);
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            throw new ConfigException("COPYJOBS_LOG_FORMAT: must be text or json, not '" + logFormat + "'");
        }
        String logLevel = s.text("COPYJOBS_LOG_LEVEL", "INFO").toUpperCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(logLevel)) {
            throw new ConfigException("COPYJOBS_LOG_LEVEL: must be one of " + String.join(", ", LOG_LEVELS)
                    + ", not '" + logLevel + "'");
        }
        return new Config(
                s.text("COPYJOBS_BOOTSTRAP_SERVERS", ""),
                s.port("COPYJOBS_EMBEDDED_KAFKA_PORT", 9092),
                s.port("COPYJOBS_EMBEDDED_CONTROLLER_PORT", 9093),
                httpPort,
                s.uri("COPYJOBS_ADVERTISED_URL", "http://localhost:" + httpPort),
                dataDir,
                filesDir.isEmpty() ? dataDir.resolve("files") : Path.of(filesDir).toAbsolutePath().normalize(),
                s.integer("COPYJOBS_PARTITIONS", 12, 1, 10_000),
                s.optionalInteger("COPYJOBS_REPLICATION_FACTOR", 1, 32),
                secret,
                s.text("COPYJOBS_AUTH_JWKS_URL", ""),
                s.text("COPYJOBS_AUTH_ISSUER", ""),
                s.text("COPYJOBS_AUTH_AUDIENCE", ""),
                s.text("COPYJOBS_AUTH_ROLES_CLAIM", "roles"),
                s.text("COPYJOBS_AUTH_ADMIN_ROLE", "copyjobs-admin"),
                s.secret("COPYJOBS_NODE_SECRET", "its proofs are HMAC-SHA256"),
                s.text("COPYJOBS_TOPIC_PREFIX", "copyjobs."),
                s.text("COPYJOBS_APPLICATION_ID", "copyjobs"),
                s.optionalInteger("COPYJOBS_METRICS_PORT", 0, 65535),
                s.duration("COPYJOBS_COMMAND_TIMEOUT", "PT10S"),
                s.integer("COPYJOBS_MAX_JOBS_PER_OWNER", 1000, 1, Integer.MAX_VALUE),
                s.duration("COPYJOBS_RETENTION", "P90D"),
                s.duration("COPYJOBS_IDLE_CANCEL", "P90D"),
                s.duration("COPYJOBS_IDEMPOTENCY_TTL", "P1D"),
                s.duration("COPYJOBS_COMMANDS_RETENTION", "P7D"),
                s.duration("COPYJOBS_EVENTS_RETENTION", "P7D"),
                s.duration("COPYJOBS_OUTCOMES_RETENTION", "P1D"),
                s.duration("COPYJOBS_SWEEP_INTERVAL", "PT1M"),
                s.integer("COPYJOBS_MAX_TRANSFERS", 4, 0, 1024),
                s.longValue("COPYJOBS_MAX_FILE_BYTES", 64L << 30),
                deny.equalsIgnoreCase("none") ? List.of()
                        : Arrays.stream(deny.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList(),
                logFormat,
                logLevel,
                s.uri("COPYJOBS_URL", "http://localhost:8080"),
                s.text("COPYJOBS_TOKEN", ""),
                s.kafka());
    }

    /** Reads typed values and names the variable in every error. */
    private record Settings(Map<String, String> values) {
        String text(String name, String fallback) {
            String v = values.get(name);
            return v == null ? fallback : v;
        }

        /** A secret of at least 32 bytes, or empty when not set. */
        String secret(String name, String why) {
            String v = text(name, "");
            if (!v.isEmpty() && v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
                throw new ConfigException(name + ": must be at least 32 bytes long (" + why + ")");
            }
            return v;
        }

        int integer(String name, int fallback, int min, int max) {
            String v = values.get(name);
            if (v == null || v.isEmpty()) {
                return fallback;
            }
            return parseInt(name, v, min, max);
        }

        Integer optionalInteger(String name, int min, int max) {
            String v = values.get(name);
            return v == null || v.isEmpty() ? null : parseInt(name, v, min, max);
        }

        int port(String name, int fallback) {
            return integer(name, fallback, 0, 65535);
        }

        long longValue(String name, long fallback) {
            String v = values.get(name);
            if (v == null || v.isEmpty()) {
                return fallback;
            }
            try {
                long n = Long.parseLong(v);
                if (n <= 0) {
                    throw new ConfigException(name + ": must be positive, not " + v);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new ConfigException(name + ": not a number: '" + v + "'");
            }
        }

        Duration duration(String name, String fallback) {
            String v = text(name, fallback);
            try {
                Duration d = Duration.parse(v);
                if (d.isNegative() || d.isZero()) {
                    throw new ConfigException(name + ": must be a positive duration, not " + v);
                }
                return d;
            } catch (DateTimeParseException e) {
                throw new ConfigException(name + ": not an ISO-8601 duration such as PT10S or P90D: '" + v + "'");
            }
        }

        URI uri(String name, String fallback) {
            String v = text(name, fallback);
            try {
                URI u = URI.create(v);
                if (u.getScheme() == null || u.getHost() == null) {
                    throw new ConfigException(name + ": must be an absolute URL such as http://host:8080, not '" + v + "'");
                }
                return u;
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name + ": not a URL: '" + v + "'");
            }
        }

        Map<String, String> kafka() {
            Map<String, String> kafka = new TreeMap<>();
            values.forEach((k, v) -> {
                if (k.startsWith("kafka.")) {
                    kafka.put(k.substring("kafka.".length()), v);
                }
            });
            values.forEach((k, v) -> {
                if (k.startsWith("COPYJOBS_KAFKA_")) {
                    kafka.put(k.substring("COPYJOBS_KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), v);
                }
            });
            return kafka;
        }

        private static int parseInt(String name, String v, int min, int max) {
            try {
                int n = Integer.parseInt(v);
                if (n < min || n > max) {
                    throw new ConfigException(name + ": must be between " + min + " and " + max + ", not " + v);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new ConfigException(name + ": not a number: '" + v + "'");
            }
        }
    }
}
