package io.copyjobs.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** Parsing of the settings of SPEC §9: defaults, then the properties file, then the environment. */
class ConfigTest {
    static final String SECRET = "a-shared-secret-of-at-least-32-bytes!";

    static Config env(Map<String, String> env) {
        return Config.load(env, Optional.empty());
    }

    @Test
    void with_nothing_set_every_setting_has_its_documented_default() {
        Config c = env(Map.of());
        Path data = Path.of("./data").toAbsolutePath().normalize();
        assertThat(c.dataDir()).isEqualTo(data);
        assertThat(c.kafka()).isEqualTo(new Config.Kafka("", 9092, 9093, "copyjobs.", "copyjobs", Map.of()));
        assertThat(c.kafka().embedded()).isTrue();
        assertThat(c.kafka().bootstrap()).isEqualTo("127.0.0.1:9092");
        assertThat(c.topics()).isEqualTo(new Config.TopicLayout(12, null, Duration.ofDays(7), Duration.ofDays(7),
                Duration.ofDays(1)));
        assertThat(c.http()).isEqualTo(new Config.Http(8080, URI.create("http://localhost:8080"), null,
                Duration.ofSeconds(10), ""));
        assertThat(c.auth()).isEqualTo(new Config.Auth("", "", "", "", "roles", "copyjobs-admin", "", ""));
        assertThat(c.steps()).isEqualTo(new Config.Steps(1000, Duration.ofDays(90), Duration.ofDays(90),
                Duration.ofDays(1), Duration.ofMinutes(1)));
        assertThat(c.transfer().filesDir()).isEqualTo(data.resolve("files"));
        assertThat(c.transfer().maxTransfers()).isEqualTo(4);
        assertThat(c.transfer().enabled()).isTrue();
        assertThat(c.transfer().maxFileBytes()).isEqualTo(64L * 1024 * 1024 * 1024);
        assertThat(c.transfer().deny()).hasSize(17).contains("127.0.0.0/8", "169.254.0.0/16", "self",
                "metadata.google.internal");
        assertThat(c.content()).isEqualTo(new Config.Content(data.resolve("content"), 16L << 30, 2,
                Duration.ofSeconds(15), Duration.ofSeconds(30)));
        assertThat(c.client()).isEqualTo(new Config.Client(URI.create("http://localhost:8080"), ""));
        assertThat(c.log()).isEqualTo(new Config.Log("text", "INFO"));
    }

    @Test
    void every_variable_lands_in_its_part() {
        Config c = env(Map.ofEntries(
                entry("COPYJOBS_BOOTSTRAP_SERVERS", "k1:9092,k2:9092"),
                entry("COPYJOBS_EMBEDDED_KAFKA_PORT", "19092"),
                entry("COPYJOBS_EMBEDDED_CONTROLLER_PORT", "19093"),
                entry("COPYJOBS_HTTP_PORT", "9000"),
                entry("COPYJOBS_ADVERTISED_URL", "https://node-1.example.com"),
                entry("COPYJOBS_DATA_DIR", "/var/lib/copyjobs"),
                entry("COPYJOBS_FILES_DIR", "/srv/files"),
                entry("COPYJOBS_CACHE_DIR", "/srv/cache"),
                entry("COPYJOBS_CACHE_MAX_BYTES", "4096"),
                entry("COPYJOBS_CONTENT_COPIES", "3"),
                entry("COPYJOBS_CONTENT_SEED_IDLE", "PT8S"),
                entry("COPYJOBS_CONTENT_DEPARTURE_GRACE", "PT2M"),
                entry("COPYJOBS_PARTITIONS", "24"),
                entry("COPYJOBS_REPLICATION_FACTOR", "3"),
                entry("COPYJOBS_AUTH_HS256_SECRET", SECRET),
                entry("COPYJOBS_AUTH_JWKS_URL", "https://idp.example.com/jwks.json"),
                entry("COPYJOBS_AUTH_ISSUER", "https://idp.example.com"),
                entry("COPYJOBS_AUTH_AUDIENCE", "copyjobs-api"),
                entry("COPYJOBS_AUTH_ROLES_CLAIM", "groups"),
                entry("COPYJOBS_AUTH_ADMIN_ROLE", "ops"),
                entry("COPYJOBS_NODE_SECRET", SECRET + "-node"),
                entry("COPYJOBS_TOPIC_PREFIX", "prod."),
                entry("COPYJOBS_APPLICATION_ID", "prod-copyjobs"),
                entry("COPYJOBS_METRICS_PORT", "9100"),
                entry("COPYJOBS_COMMAND_TIMEOUT", "PT30S"),
                entry("COPYJOBS_MAX_JOBS_PER_OWNER", "50"),
                entry("COPYJOBS_RETENTION", "P30D"),
                entry("COPYJOBS_IDLE_CANCEL", "P14D"),
                entry("COPYJOBS_IDEMPOTENCY_TTL", "PT6H"),
                entry("COPYJOBS_COMMANDS_RETENTION", "P3D"),
                entry("COPYJOBS_EVENTS_RETENTION", "P2D"),
                entry("COPYJOBS_OUTCOMES_RETENTION", "PT12H"),
                entry("COPYJOBS_SWEEP_INTERVAL", "PT5M"),
                entry("COPYJOBS_MAX_TRANSFERS", "0"),
                entry("COPYJOBS_MAX_FILE_BYTES", "1048576"),
                entry("COPYJOBS_TRANSFER_DENY", "10.0.0.0/8"),
                entry("COPYJOBS_MAX_BYTES_PER_SECOND", "262144"),
                entry("COPYJOBS_LOG_FORMAT", "json"),
                entry("COPYJOBS_LOG_LEVEL", "debug"),
                entry("COPYJOBS_URL", "https://copyjobs.example.com"),
                entry("COPYJOBS_TOKEN", "a.b.c"),
                entry("COPYJOBS_GRAFANA_URL", "https://grafana.example.com"),
                entry("COPYJOBS_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")));
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/copyjobs"));
        assertThat(c.kafka()).isEqualTo(new Config.Kafka("k1:9092,k2:9092", 19092, 19093, "prod.", "prod-copyjobs",
                Map.of("security.protocol", "SASL_SSL")));
        assertThat(c.kafka().embedded()).isFalse();
        assertThat(c.kafka().bootstrap()).isEqualTo("k1:9092,k2:9092");
        assertThat(c.topics()).isEqualTo(new Config.TopicLayout(24, 3, Duration.ofDays(3), Duration.ofDays(2),
                Duration.ofHours(12)));
        assertThat(c.http()).isEqualTo(new Config.Http(9000, URI.create("https://node-1.example.com"), 9100,
                Duration.ofSeconds(30), "https://grafana.example.com"));
        assertThat(c.auth()).isEqualTo(new Config.Auth(SECRET, "https://idp.example.com/jwks.json",
                "https://idp.example.com", "copyjobs-api", "groups", "ops", SECRET + "-node", ""));
        assertThat(c.steps()).isEqualTo(new Config.Steps(50, Duration.ofDays(30), Duration.ofDays(14),
                Duration.ofHours(6), Duration.ofMinutes(5)));
        assertThat(c.transfer()).isEqualTo(new Config.Transfer(Path.of("/srv/files"), 0, 1_048_576,
                List.of("10.0.0.0/8"), 262_144, TrustBundle.JDK, NodeProxy.NONE));
        assertThat(c.transfer().enabled()).isFalse();
        assertThat(c.content()).isEqualTo(new Config.Content(Path.of("/srv/cache"), 4096, 3,
                Duration.ofSeconds(8), Duration.ofMinutes(2)));
        assertThat(c.client()).isEqualTo(new Config.Client(URI.create("https://copyjobs.example.com"), "a.b.c"));
        assertThat(c.log()).isEqualTo(new Config.Log("json", "DEBUG"));
    }

    @Test
    void the_properties_file_overrides_the_defaults_and_the_environment_overrides_the_file(@TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("copyjobs.properties");
        Files.writeString(file, String.join("\n",
                "COPYJOBS_HTTP_PORT=7000",
                "COPYJOBS_PARTITIONS = 3 ",
                "COPYJOBS_COMMAND_TIMEOUT=PT20S",
                "kafka.security.protocol=SSL",
                "kafka.ssl.truststore.location=/etc/kafka/truststore.jks"));
        Config c = Config.load(Map.of("COPYJOBS_HTTP_PORT", " 7001 ", "COPYJOBS_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"),
                Optional.of(file));
        assertThat(c.http().port()).as("the environment wins").isEqualTo(7001);
        assertThat(c.http().advertisedUrl()).as("follows the port").isEqualTo(URI.create("http://localhost:7001"));
        assertThat(c.topics().partitions()).as("the file, trimmed").isEqualTo(3);
        assertThat(c.http().commandTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.steps().maxJobsPerOwner()).as("neither: the default").isEqualTo(1000);
        assertThat(c.kafka().clientProps()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "security.protocol", "SASL_SSL", "ssl.truststore.location", "/etc/kafka/truststore.jks"));
    }

    @Test
    void only_copyjobs_variables_of_the_environment_count() {
        Config c = env(Map.of("PATH", "/usr/bin", "kafka.acks", "0", "HTTP_PORT", "1", "COPYJOBS_HTTP_PORT", "8081"));
        assertThat(c.kafka().clientProps()).isEmpty();
        assertThat(c.http().port()).isEqualTo(8081);
    }

    @Test
    void an_unreadable_properties_file_names_the_option(@TempDir Path dir) {
        Path missing = dir.resolve("absent.properties");
        assertThatThrownBy(() -> Config.load(Map.of(), Optional.of(missing))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("--config " + missing + ": cannot read it");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "COPYJOBS_HTTP_PORT          | abc            | COPYJOBS_HTTP_PORT: not a number: 'abc'",
            "COPYJOBS_METRICS_PORT       | 70000          | COPYJOBS_METRICS_PORT: must be between 0 and 65535, not 70000",
            "COPYJOBS_PARTITIONS         | 0              | COPYJOBS_PARTITIONS: must be between 1 and 10000, not 0",
            "COPYJOBS_REPLICATION_FACTOR | 33             | COPYJOBS_REPLICATION_FACTOR: must be between 1 and 32, not 33",
            "COPYJOBS_MAX_TRANSFERS      | -1             | COPYJOBS_MAX_TRANSFERS: must be between 0 and 1024, not -1",
            "COPYJOBS_MAX_FILE_BYTES     | 0              | COPYJOBS_MAX_FILE_BYTES: must be positive, not 0",
            "COPYJOBS_MAX_FILE_BYTES     | 1GB            | COPYJOBS_MAX_FILE_BYTES: not a number: '1GB'",
            "COPYJOBS_MAX_BYTES_PER_SECOND | -1           | COPYJOBS_MAX_BYTES_PER_SECOND: must be 0 or more, not -1",
            "COPYJOBS_MAX_BYTES_PER_SECOND | 1MB/s        | COPYJOBS_MAX_BYTES_PER_SECOND: not a number: '1MB/s'",
            "COPYJOBS_COMMAND_TIMEOUT    | 10s            | COPYJOBS_COMMAND_TIMEOUT: not an ISO-8601 duration such as PT10S or P90D: '10s'",
            "COPYJOBS_RETENTION          | PT0S           | COPYJOBS_RETENTION: must be a positive duration, not PT0S",
            "COPYJOBS_IDLE_CANCEL        | -P1D           | COPYJOBS_IDLE_CANCEL: must be a positive duration, not -P1D",
            "COPYJOBS_CONTENT_SEED_IDLE  | PT5S           | COPYJOBS_CONTENT_SEED_IDLE: must be at least PT6S, not PT5S",
            "COPYJOBS_CONTENT_DEPARTURE_GRACE | PT1S      | COPYJOBS_CONTENT_DEPARTURE_GRACE: must be at least PT5S, not PT1S",
            "COPYJOBS_ADVERTISED_URL     | localhost:8080 | COPYJOBS_ADVERTISED_URL: must be an absolute URL such as http://host:8080, not 'localhost:8080'",
            "COPYJOBS_URL                | http://a b     | COPYJOBS_URL: not a URL: 'http://a b'",
            "COPYJOBS_AUTH_HS256_SECRET  | short          | COPYJOBS_AUTH_HS256_SECRET: must be at least 32 bytes long (HS256 needs 256 bits)",
            "COPYJOBS_NODE_SECRET        | short          | COPYJOBS_NODE_SECRET: must be at least 32 bytes long (its proofs are HMAC-SHA256)",
            "COPYJOBS_LOG_FORMAT         | XML            | COPYJOBS_LOG_FORMAT: must be text or json, not 'xml'",
            "COPYJOBS_LOG_LEVEL          | loud           | COPYJOBS_LOG_LEVEL: must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, not 'LOUD'",
    })
    void a_bad_value_is_refused_with_its_variable(String name, String value, String message) {
        assertThatThrownBy(() -> env(Map.of(name, value))).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void a_bad_value_in_the_properties_file_is_named_too(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "COPYJOBS_SWEEP_INTERVAL=every minute\n");
        assertThatThrownBy(() -> Config.load(Map.of(), Optional.of(file))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("COPYJOBS_SWEEP_INTERVAL: not an ISO-8601 duration");
    }

    @Test
    void durations_are_iso_8601_in_either_case() {
        Config c = env(Map.of("COPYJOBS_COMMAND_TIMEOUT", "PT1.5S", "COPYJOBS_RETENTION", "p2dt12h",
                "COPYJOBS_SWEEP_INTERVAL", "pt5m"));
        assertThat(c.http().commandTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.steps().retention()).isEqualTo(Duration.ofHours(60));
        assertThat(c.steps().sweepInterval()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void the_deny_list_is_comma_separated_with_blanks_dropped_and_none_for_none() {
        assertThat(env(Map.of("COPYJOBS_TRANSFER_DENY", " 10.0.0.0/8 , ,example.com,")).transfer().deny())
                .containsExactly("10.0.0.0/8", "example.com");
        assertThat(env(Map.of("COPYJOBS_TRANSFER_DENY", "None")).transfer().deny()).isEmpty();
        assertThat(env(Map.of()).transfer().deny()).containsExactly(Config.DEFAULT_TRANSFER_DENY.split(","));
    }

    @Test
    void copyjobs_kafka_variables_pass_to_every_client_as_dotted_lower_case_names() {
        Config c = env(Map.of("COPYJOBS_BOOTSTRAP_SERVERS", "broker:9092",
                "COPYJOBS_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "COPYJOBS_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "COPYJOBS_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required;"));
        assertThat(c.kafka().clientProps()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;"));
        assertThat(c.kafka().clientProperties()).containsEntry("bootstrap.servers", "broker:9092")
                .containsEntry("security.protocol", "SASL_SSL").hasSize(4);
    }

    @Test
    void an_empty_value_means_the_default() {
        Config c = env(Map.of("COPYJOBS_HTTP_PORT", "", "COPYJOBS_FILES_DIR", "", "COPYJOBS_METRICS_PORT", "",
                "COPYJOBS_MAX_FILE_BYTES", ""));
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.http().metricsPort()).isNull();
        assertThat(c.transfer().filesDir()).isEqualTo(c.dataDir().resolve("files"));
        assertThat(c.transfer().maxFileBytes()).isEqualTo(64L << 30);
    }

    @Test
    void relative_directories_are_made_absolute() {
        Config c = env(Map.of("COPYJOBS_DATA_DIR", "node-a/../node-b", "COPYJOBS_FILES_DIR", "downloads"));
        assertThat(c.dataDir()).isAbsolute().isEqualTo(Path.of("node-b").toAbsolutePath());
        assertThat(c.transfer().filesDir()).isAbsolute().isEqualTo(Path.of("downloads").toAbsolutePath());
    }

    @ParameterizedTest
    @CsvSource({"http://node-1, 80", "https://node-1, 443", "http://node-1:8443, 8443"})
    void the_advertised_port_is_the_url_s_or_its_scheme_s_default(String url, int port) {
        assertThat(env(Map.of("COPYJOBS_ADVERTISED_URL", url)).http().advertisedPort()).isEqualTo(port);
    }

    @Test
    void secrets_and_the_token_never_show_in_the_printed_config() {
        Config c = env(Map.of("COPYJOBS_AUTH_HS256_SECRET", SECRET, "COPYJOBS_NODE_SECRET", SECRET + "-node",
                "COPYJOBS_TOKEN", "eyJ.secret-token.sig", "COPYJOBS_KAFKA_SASL_JAAS_CONFIG", "user=\"a\" password=\"jaas-pw\"",
                "COPYJOBS_KAFKA_SSL_KEYSTORE_PASSWORD", "store-pw", "COPYJOBS_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"));
        assertThat(c.toString()).doesNotContain(SECRET, "secret-token", "jaas-pw", "store-pw")
                .contains("hs256Secret=***", "token=***", "sasl.jaas.config=***", "security.protocol=SASL_SSL");
    }
}
