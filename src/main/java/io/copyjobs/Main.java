package io.copyjobs;

import io.copyjobs.auth.AuthSettings;
import io.copyjobs.auth.DevKeys;
import io.copyjobs.auth.TokenMinter;
import io.copyjobs.cli.AddFileCommand;
import io.copyjobs.cli.CreateCommand;
import io.copyjobs.cli.CredentialsCommand;
import io.copyjobs.cli.InfoCommand;
import io.copyjobs.cli.JobOperation;
import io.copyjobs.cli.ListCommand;
import io.copyjobs.cli.MonitorCommand;
import io.copyjobs.cli.RemoteNameCommands;
import io.copyjobs.cli.TransferCommand;
import io.copyjobs.config.Config;
import io.copyjobs.config.ConfigException;
import io.copyjobs.kafka.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Security;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar copyjobs.jar [serve|token|…]}: {@code serve} (the default) runs a node,
 * {@code token} prints a JWT for the dev key or the configured secret, and the client commands of
 * {@link io.copyjobs.cli} call a node over HTTP.
 */
@Command(name = "copyjobs", mixinStandardHelpOptions = true, version = "copyjobs 0.1",
        description = "A fleet-wide queue of background copy jobs (BITS model) on Apache Kafka.",
        subcommands = {Main.Serve.class, Main.Token.class, CreateCommand.class, AddFileCommand.class,
                JobOperation.Resume.class, JobOperation.Suspend.class, JobOperation.Cancel.class,
                JobOperation.Complete.class, JobOperation.TakeOwnership.class, CredentialsCommand.class, InfoCommand.class,
                ListCommand.class, MonitorCommand.class, TransferCommand.class, RemoteNameCommands.SetRemote.class,
                RemoteNameCommands.ReplacePrefix.class})
public final class Main implements Callable<Integer> {
    static final int EXIT_CONFIG = 2;

    @Option(names = "--config", paramLabel = "FILE", description = "a properties file of COPYJOBS_* settings; the environment wins")
    Path configFile;

    /** The DNS cache time this process keeps when the JVM would cache nothing. */
    static final String DNS_CACHE_SECONDS = "30";
    /** The JDK's list of the schemes it will not send to a proxy for a tunnel. */
    static final String TUNNEL_SCHEMES = "jdk.http.auth.tunneling.disabledSchemes";

    public static void main(String[] args) {
        keepDnsAnswers();
        allowBasicProxyTunnels();
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException) {
                cmd.getErr().println("copyjobs: configuration error: " + e.getMessage());
                return EXIT_CONFIG;
            }
            cmd.getErr().println("copyjobs: " + e.getMessage());
            LoggerFactory.getLogger(Main.class).debug("failure", e);
            return 1;
        });
        System.exit(cli.execute(args));
    }

    /**
     * The transfer deny list is checked on the addresses a name resolves to, and the HTTP client
     * resolves the name again when it connects: a cache time keeps the two answers the same (a
     * hardened JVM may cache nothing, which would let a rebinding name slip through). It has to be
     * this JVM-wide security property: JDK 17's {@code java.net.http.HttpClient} takes no resolver
     * of its own. And it has to be set here, first: the JDK reads it once, at the first name lookup
     * of the process, and ignores it after that.
     */
    static void keepDnsAnswers() {
        String ttl = Security.getProperty("networkaddress.cache.ttl");
        if (ttl == null || ttl.equals("0")) {
            Security.setProperty("networkaddress.cache.ttl", DNS_CACHE_SECONDS);
        }
    }

    /**
     * A job's proxy credentials (Basic) go to the proxy as {@code Proxy-Authorization}, also on the
     * {@code CONNECT} that tunnels an HTTPS download. The JDK drops Basic there by default
     * ({@code jdk.http.auth.tunneling.disabledSchemes=Basic}, a guard for applications that answer any
     * proxy's challenge with the user's password); copyjobs sends only the credentials a job gave for
     * its proxy, so it lifts the guard, unless the operator set the property. The JDK reads it once,
     * when the first HTTP client is made: this has to run first.
     */
    static void allowBasicProxyTunnels() {
        if (System.getProperty(TUNNEL_SCHEMES) == null) {
            System.setProperty(TUNNEL_SCHEMES, "");
        }
    }

    /** With no sub-command, run a node. */
    @Override
    public Integer call() throws Exception {
        Serve serve = new Serve();
        serve.configFile = configFile;
        return serve.call();
    }

    /** The configuration of a node-side command, with its log format applied before anything logs. */
    static Config loadConfig(Path configFile) {
        Config config = Config.load(Optional.ofNullable(configFile));
        Logging.apply(config.log().format(), config.log().level());
        return config;
    }

    /** Runs a node until the process is stopped. */
    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Run a copyjobs node (the default).")
    static final class Serve implements Callable<Integer> {
        private static final Logger LOG = LoggerFactory.getLogger(Serve.class);

        @Option(names = "--config", paramLabel = "FILE", description = "a properties file of COPYJOBS_* settings")
        Path configFile;

        @Override
        public Integer call() throws Exception {
            Config config = loadConfig(configFile);
            Node node = Node.start(config);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                LOG.info("stopping");
                node.close();
                stopped.countDown();
            }, "copyjobs-shutdown"));
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (!node.ready() && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            double seconds = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
            String kafka = config.kafka().embedded()
                    ? "embedded broker at " + config.kafka().bootstrap() : config.kafka().bootstrapServers();
            if (node.ready()) {
                LOG.info("copyjobs ready in {} s at {} (Kafka: {}); get a token with: "
                                + "java -jar target/copyjobs.jar token --sub alice",
                        String.format("%.1f", seconds), config.http().advertisedUrl(), kafka);
            } else {
                LOG.warn("copyjobs is not ready after 60 s (Kafka: {}); /health/ready will say when it is", kafka);
            }
            stopped.await();
            return 0;
        }
    }

    /** Prints a token for the dev key (or the configured HS256 secret). */
    @Command(name = "token", mixinStandardHelpOptions = true,
            description = "Print a JWT signed with the dev key of a local node, or with COPYJOBS_AUTH_HS256_SECRET.")
    static final class Token implements Callable<Integer> {
        @Option(names = "--sub", required = true, description = "the subject (owner) the token names")
        String subject;

        @Option(names = "--admin", description = "give the token the administrator role")
        boolean admin;

        @Option(names = "--ttl", defaultValue = "PT12H", description = "how long the token is valid (ISO-8601, default ${DEFAULT-VALUE})")
        Duration ttl;

        @Option(names = "--config", paramLabel = "FILE", description = "a properties file of COPYJOBS_* settings")
        Path configFile;

        @Option(names = "--console", description = "print a link that signs the console in with the token instead")
        boolean console;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Config config = loadConfig(configFile);
            Config.Auth auth = config.auth();
            if (auth.hs256Secret().isEmpty() && !auth.jwksUrl().isEmpty()) {
                throw new ConfigException("COPYJOBS_AUTH_JWKS_URL is set: tokens come from your identity provider");
            }
            byte[] key = auth.hs256Secret().isEmpty() ? devKey(config.dataDir(), config.kafka())
                    : auth.hs256Secret().getBytes(StandardCharsets.UTF_8);
            String token = new TokenMinter(key, AuthSettings.of(auth)).mint(subject, admin, ttl, Instant.now());
            // A fragment never leaves the browser: no server log nor Referer sees the token.
            spec.commandLine().getOut().println(console ? config.http().advertisedUrl().resolve("/console/#token=" + token)
                    : token);
            return 0;
        }

        private static byte[] devKey(Path dataDir, Config.Kafka kafka) throws IOException {
            Optional<byte[]> local = DevKeys.readFile(dataDir);
            if (local.isPresent()) {
                return local.get();
            }
            return DevKeys.fetch(kafka.clientProperties(), new Topics(kafka.topicPrefix()).devKey,
                    Duration.ofSeconds(5)).orElseThrow(() -> new ConfigException("no dev key in "
                    + dataDir + " nor on Kafka at " + kafka.bootstrap()
                    + ": start a node first (java -jar target/copyjobs.jar), or set COPYJOBS_AUTH_HS256_SECRET"));
        }
    }
}
