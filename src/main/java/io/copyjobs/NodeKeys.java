package io.copyjobs;

import io.copyjobs.auth.AuthSettings;
import io.copyjobs.auth.DevKeys;
import io.copyjobs.auth.JwtVerifier;
import io.copyjobs.cluster.NodeProof;
import io.copyjobs.config.Config;
import io.copyjobs.config.ConfigException;
import io.copyjobs.secrets.SecretBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * The keys of a node (SPEC §4): what it checks tokens with, what it proves its forwards to the
 * other nodes with, and what seals job secrets (issue 18). Closing it stops the publication of a
 * dev key that is still under way.
 */
record NodeKeys(JwtVerifier verifier, NodeProof proof, SecretBox secrets, Closer resources) implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeKeys.class);

    static NodeKeys find(Config.Auth auth, Path dataDir, KafkaAssembly kafka) throws IOException {
        return Closer.starting(resources -> {
            Optional<byte[]> hs256Key = hs256Key(auth, dataDir, kafka, resources);
            AuthSettings checks = AuthSettings.of(auth);
            JwtVerifier verifier = hs256Key.isPresent() ? JwtVerifier.hs256(hs256Key.get(), checks)
                    : JwtVerifier.jwks(auth.jwksUrl(), checks);
            byte[] nodeSecret = nodeSecret(auth, hs256Key);
            return new NodeKeys(verifier, NodeProof.from(nodeSecret, Clock.systemUTC()), secrets(auth, nodeSecret),
                    resources);
        });
    }

    /**
     * COPYJOBS_SECRETS_KEY, else a key derived from the node secret: every node has that already,
     * and in dev mode it is the dev key, made and shared by the embedded broker's node.
     */
    private static SecretBox secrets(Config.Auth auth, byte[] nodeSecret) {
        if (!auth.secretsKey().isEmpty()) {
            return SecretBox.withKey(Base64.getDecoder().decode(auth.secretsKey()));
        }
        LOG.info("job secrets are sealed with a key derived from the {}; set COPYJOBS_SECRETS_KEY to keep them "
                + "readable when that changes", auth.nodeSecret().isEmpty() && auth.hs256Secret().isEmpty()
                ? "dev key" : "node secret");
        return SecretBox.derivedFrom(nodeSecret);
    }

    /**
     * What nodes prove their forwards with: COPYJOBS_NODE_SECRET, else the HS256 key every node
     * shares already. With a JWKS URL the nodes share no secret, so one must be configured.
     */
    private static byte[] nodeSecret(Config.Auth auth, Optional<byte[]> hs256Key) {
        if (!auth.nodeSecret().isEmpty()) {
            return auth.nodeSecret().getBytes(StandardCharsets.UTF_8);
        }
        return hs256Key.orElseThrow(() -> new ConfigException("COPYJOBS_NODE_SECRET: required with "
                + "COPYJOBS_AUTH_JWKS_URL (at least 32 bytes, the same on every node): nodes prove with it that a "
                + "forwarded request comes from one of them"));
    }

    /** The shared secret or the dev key of the embedded broker; empty for a JWKS URL. */
    private static Optional<byte[]> hs256Key(Config.Auth auth, Path dataDir, KafkaAssembly kafka, Closer resources)
            throws IOException {
        if (!auth.hs256Secret().isEmpty()) {
            return Optional.of(auth.hs256Secret().getBytes(StandardCharsets.UTF_8));
        }
        if (!auth.jwksUrl().isEmpty()) {
            return Optional.empty();
        }
        String topic = kafka.topics().devKey;
        if (kafka.settings().embedded()) {
            byte[] key = DevKeys.loadOrCreate(dataDir);
            // Joining nodes need the key on the broker; this node does not wait for it to get there.
            ExecutorService publisher = resources.daemons("copyjobs-dev-key", 1);
            publisher.execute(() -> publish(kafka, topic, key));
            publisher.shutdown();
            return Optional.of(key);
        }
        byte[] key = DevKeys.fetch(kafka.settings().clientProperties(), topic, Duration.ofSeconds(10)).orElseThrow(() ->
                new ConfigException("no COPYJOBS_AUTH_HS256_SECRET or COPYJOBS_AUTH_JWKS_URL is set, and the Kafka "
                        + "cluster at " + kafka.settings().bootstrapServers() + " has no dev key (topic " + topic
                        + "): set one of them, or join a node that runs the embedded broker"));
        LOG.info("dev mode: using the dev key published on {}", topic);
        return Optional.of(key);
    }

    @Override
    public void close() {
        resources.close();
    }

    private static void publish(KafkaAssembly kafka, String topic, byte[] key) {
        try {
            DevKeys.publish(kafka.admin(), kafka.settings().clientProperties(), topic, key);
        } catch (RuntimeException e) {
            LOG.error("cannot publish the dev key to {}: nodes joining this broker will not start", topic, e);
        }
    }
}
