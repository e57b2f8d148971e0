package io.copyjobs;

import io.copyjobs.cluster.EmbeddedKafka;
import io.copyjobs.config.Config;
import io.copyjobs.config.ConfigException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * The ports a node will listen on, checked before anything starts: a taken port is one line that
 * names the setting to change, at once, instead of the embedded broker's stack traces or an HTTP
 * server that fails only after Kafka Streams has started.
 */
final class Ports {
    /** One port to listen on, the address its server binds (null: every address), and the setting that chooses it. */
    record Listen(String setting, String host, int port) {
        InetSocketAddress address() {
            return host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
        }
    }

    private Ports() {
    }

    /**
     * The HTTP and metrics ports on every address, and the embedded broker's ports on loopback when
     * this node runs the broker. A node that joins another's broker listens on neither of those.
     */
    static List<Listen> of(Config.Kafka kafka, Config.Http http) {
        List<Listen> ports = new ArrayList<>();
        if (kafka.embedded()) {
            ports.add(new Listen("COPYJOBS_EMBEDDED_KAFKA_PORT", EmbeddedKafka.HOST, kafka.embeddedPort()));
            ports.add(new Listen("COPYJOBS_EMBEDDED_CONTROLLER_PORT", EmbeddedKafka.HOST,
                    kafka.embeddedControllerPort()));
        }
        ports.add(new Listen("COPYJOBS_HTTP_PORT", null, http.port()));
        if (http.metricsPort() != null) {
            ports.add(new Listen("COPYJOBS_METRICS_PORT", null, http.metricsPort()));
        }
        return ports;
    }

    /**
     * Binds each port in turn, all held at once so that two settings naming one port clash too.
     *
     * @throws ConfigException naming every port in use and its setting
     */
    static void requireFree(List<Listen> ports) {
        List<String> taken = new ArrayList<>();
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (Listen p : ports) {
                if (p.port() == 0) {
                    continue;
                }
                try {
                    ServerSocket socket = new ServerSocket();
                    held.add(socket);
                    socket.setReuseAddress(true);
                    socket.bind(p.address());
                } catch (IOException e) {
                    taken.add("port " + p.port() + " is in use: set " + p.setting() + " to a free port");
                }
            }
        } finally {
            held.forEach(Ports::closeQuietly);
        }
        if (!taken.isEmpty()) {
            throw new ConfigException(String.join("; ", taken));
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Never bound, or already gone: nothing is held.
        }
    }
}
