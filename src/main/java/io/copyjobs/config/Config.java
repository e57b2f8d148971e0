package io.copyjobs.config;

import org.apache.kafka.clients.CommonClientConfigs;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Every setting of a node or a client command (SPEC §9), built once at start from defaults, then
 * an optional properties file, then the environment (which wins), all read in one place
 * ({@code ConfigParser}).
 * Each part is what one component takes in its constructor: the Kafka clients {@link Kafka}, topic
 * setup {@link TopicLayout}, the HTTP side {@link Http}, the token checks {@link Auth}, the two
 * processing steps {@link Steps}, the transfer engine {@link Transfer}, the client commands
 * {@link Client}, and logging {@link Log}.
 *
 * @param dataDir where the node keeps its lock, Streams state, the embedded broker's logs and the
 *                dev key ({@code COPYJOBS_DATA_DIR})
 */
public record Config(Path dataDir, Kafka kafka, TopicLayout topics, Http http, Auth auth, Steps steps,
                     Transfer transfer, Content content, Client client, Log log) {

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

    /**
     * Where the node's Kafka is and what its clients are called.
     *
     * @param bootstrapServers       {@code COPYJOBS_BOOTSTRAP_SERVERS}; empty: run an embedded broker
     * @param embeddedPort           {@code COPYJOBS_EMBEDDED_KAFKA_PORT}
     * @param embeddedControllerPort {@code COPYJOBS_EMBEDDED_CONTROLLER_PORT}
     * @param clientProps            passed to every Kafka client: {@code kafka.*} keys of the file and
     *                               {@code COPYJOBS_KAFKA_*} variables ({@code COPYJOBS_KAFKA_SECURITY_PROTOCOL}
     *                               → {@code security.protocol})
     */
    public record Kafka(String bootstrapServers, int embeddedPort, int embeddedControllerPort, String topicPrefix,
                        String applicationId, Map<String, String> clientProps) {
        public Kafka {
            clientProps = Map.copyOf(clientProps);
        }

        /** True when no bootstrap servers are set: this node runs its own single-node broker. */
        public boolean embedded() {
            return bootstrapServers.isBlank();
        }

        /** The bootstrap servers to use: the configured ones, or the embedded broker's. */
        public String bootstrap() {
            return embedded() ? "127.0.0.1:" + embeddedPort : bootstrapServers;
        }

        /** The settings every Kafka client of a node shares: {@code kafka.*} and the bootstrap servers. */
        public Properties clientProperties() {
            Properties p = new Properties();
            p.putAll(clientProps);
            p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
            return p;
        }

        /** Client settings that hold credentials (SASL JAAS, key and trust store passwords) as {@code ***}. */
        @Override
        public String toString() {
            Map<String, String> shown = new TreeMap<>();
            clientProps.forEach((k, v) -> shown.put(k, SECRET_KEY.matcher(k).find() ? "***" : v));
            return "Kafka[bootstrapServers=" + bootstrapServers + ", embeddedPort=" + embeddedPort
                    + ", embeddedControllerPort=" + embeddedControllerPort + ", topicPrefix=" + topicPrefix
                    + ", applicationId=" + applicationId + ", clientProps=" + shown + "]";
        }
    }

    private static final Pattern SECRET_KEY = Pattern.compile("password|jaas|secret|credential|user\\.info|token",
            Pattern.CASE_INSENSITIVE);

    /**
     * How the node's topics are laid out when it creates them (SPEC §6).
     *
     * @param replicationFactor {@code COPYJOBS_REPLICATION_FACTOR}; null: min(3, brokers)
     */
    public record TopicLayout(int partitions, Integer replicationFactor, Duration commandsRetention,
                              Duration eventsRetention, Duration outcomesRetention) {
    }

    /**
     * The HTTP side of a node.
     *
     * @param advertisedUrl  how other nodes reach this one ({@code application.server})
     * @param metricsPort    a separate port for {@code /metrics}; null: the API's port serves it
     * @param commandTimeout how long a request waits for its command's outcome (then 504)
     * @param grafanaUrl     where the console's fleet page links the Grafana dashboards; empty: no links
     */
    public record Http(int port, URI advertisedUrl, Integer metricsPort, Duration commandTimeout, String grafanaUrl) {
        /** The advertised URL's port, or its scheme's default when the URL names none. */
        public int advertisedPort() {
            int p = advertisedUrl.getPort();
            if (p > 0) {
                return p;
            }
            return "https".equals(advertisedUrl.getScheme()) ? 443 : 80;
        }
    }

    /**
     * How tokens are checked (SPEC §4) and nodes prove their forwards to each other.
     *
     * @param hs256Secret a shared HS256 secret; empty: the JWKS URL, else the dev key
     * @param nodeSecret  what nodes prove forwarded requests to each other with; empty: derived from
     *                    the HS256 secret or the dev key (required with a JWKS URL)
     * @param secretsKey  COPYJOBS_SECRETS_KEY, the AES-256 key that seals job secrets (32 bytes in
     *                    base64, checked); empty: derived from the node secret, the HS256 secret or the dev key
     */
    public record Auth(String hs256Secret, String jwksUrl, String issuer, String audience, String rolesClaim,
                       String adminRole, String nodeSecret, String secretsKey) {
        /** Names which secrets are set, never their values, so that a logged config gives nothing away. */
        @Override
        public String toString() {
            return "Auth[hs256Secret=" + (hs256Secret.isEmpty() ? "" : "***") + ", jwksUrl=" + jwksUrl
                    + ", issuer=" + issuer + ", audience=" + audience + ", rolesClaim=" + rolesClaim
                    + ", adminRole=" + adminRole + ", nodeSecret=" + (nodeSecret.isEmpty() ? "" : "***")
                    + ", secretsKey=" + (secretsKey.isEmpty() ? "" : "***") + "]";
        }
    }

    /**
     * What the two processing steps enforce (SPEC §2, §7).
     *
     * @param maxJobsPerOwner the quota of unfinished jobs
     * @param retention       how long a final job stays before it is purged
     * @param idleCancel      how long an untouched job may sit before it is cancelled
     * @param idempotencyTtl  how long a request id is remembered
     * @param sweepInterval   how often the steps look for jobs to purge or cancel
     */
    public record Steps(int maxJobsPerOwner, Duration retention, Duration idleCancel, Duration idempotencyTtl,
                        Duration sweepInterval) {
    }

    /**
     * The transfer engine's limits (SPEC §8).
     *
     * @param filesDir     where transfers write ({@code COPYJOBS_FILES_DIR})
     * @param maxTransfers files downloaded at once; 0: this node transfers nothing
     * @param deny         where no connection or redirect hop may go (CIDRs, host names, {@code self})
     * @param maxBytesPerSecond the node's bandwidth limit, shared by its transfers ({@code COPYJOBS_MAX_BYTES_PER_SECOND}); 0: none
     * @param trust        the CAs origins' certificates are checked against
     * @param proxy        the proxy of PRECONFIG jobs ({@code COPYJOBS_HTTP_PROXY}, {@code COPYJOBS_NO_PROXY})
     */
    public record Transfer(Path filesDir, int maxTransfers, long maxFileBytes, List<String> deny, long maxBytesPerSecond,
                           TrustBundle trust, NodeProxy proxy) {
        public Transfer {
            deny = List.copyOf(deny);
            Objects.requireNonNull(trust, "trust");
            Objects.requireNonNull(proxy, "proxy");
        }

        /** True when this node runs a transfer engine. */
        public boolean enabled() {
            return maxTransfers > 0;
        }
    }

    /**
     * The node's share of the fleet's content cache (issue 17): files whose job gives a SHA-256.
     *
     * @param cacheDir {@code COPYJOBS_CACHE_DIR}, default {@code <data>/content}
     * @param maxBytes {@code COPYJOBS_CACHE_MAX_BYTES}: beyond it, unpinned contents are evicted
     * @param copies   {@code COPYJOBS_CONTENT_COPIES}: how many live nodes should hold each verified content
     * @param seedIdle {@code COPYJOBS_CONTENT_SEED_IDLE}: a seed for peers stops once none wanted it this long
     * @param departureGrace {@code COPYJOBS_CONTENT_DEPARTURE_GRACE}: a node out of the group this long has left,
     *                 and its content records are tombstoned
     */
    public record Content(Path cacheDir, long maxBytes, int copies, Duration seedIdle, Duration departureGrace) {
    }

    /** Which node the client commands call ({@code COPYJOBS_URL}) and with which token ({@code COPYJOBS_TOKEN}). */
    public record Client(URI url, String token) {
        /** Says whether a token is set, never the token. */
        @Override
        public String toString() {
            return "Client[url=" + url + ", token=" + (token.isEmpty() ? "" : "***") + "]";
        }
    }

    /**
     * How the process logs.
     *
     * @param format {@code text} or {@code json}
     * @param level  the root level: TRACE, DEBUG, INFO, WARN, ERROR or OFF
     */
    public record Log(String format, String level) {
    }

    /** Loads the configuration from the process environment and an optional properties file. */
    public static Config load(Optional<Path> file) {
        return load(System.getenv(), file);
    }

    /** Loads the configuration from {@code env} (its {@code COPYJOBS_*} entries) over an optional properties file. */
    public static Config load(Map<String, String> env, Optional<Path> file) {
        return fromMap(ConfigParser.merge(env, file));
    }

    /** Builds a configuration from {@code COPYJOBS_*} and {@code kafka.*} entries over the defaults. */
    public static Config fromMap(Map<String, String> values) {
        return ConfigParser.parse(values);
    }
}
