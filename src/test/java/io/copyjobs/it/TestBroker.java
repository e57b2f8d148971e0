package io.copyjobs.it;

import io.copyjobs.cluster.EmbeddedKafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One real Kafka broker (the same embedded KRaft broker the service runs) shared by every
 * integration test in the JVM: started on first use, stopped when the JVM exits. Test classes
 * keep apart by topic prefix and application id.
 */
public final class TestBroker {
    private static EmbeddedKafka broker;

    private TestBroker() {
    }

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            try {
                Path dir = Files.createTempDirectory("copyjobs-test-broker");
                broker = EmbeddedKafka.start(dir, freePort(), freePort(), Map.of());
                Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "test-broker-stop"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return broker.bootstrapServers();
    }

    /** A port free right now (the embedded broker binds at once, so a clash is unlikely). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
