package io.copyjobs.bench;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * One Kafka server of {@link KafkaCluster} in a process of its own, so that a bench can
 * {@code kill -9} a broker as an operator would lose one: {@code ClusterServer <properties file>
 * <cluster id> [feature=level,…]} formats the log directory once (at those feature levels) and
 * serves until killed.
 */
final class ClusterServer {
    private ClusterServer() {
    }

    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            props.load(in);
        }
        Path logDir = Path.of(props.getProperty("log.dirs"));
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
                Formatter formatter = new Formatter();
                for (String feature : args.length > 2 && !args[2].isEmpty() ? args[2].split(",") : new String[0]) {
                    String[] nameLevel = feature.split("=", 2);
                    formatter.setFeatureLevel(nameLevel[0], Short.parseShort(nameLevel[1]));
                }
                formatter.setPrintStream(quiet).setNodeId(Integer.parseInt(props.getProperty("node.id")))
                        .setClusterId(args[1]).setControllerListenerName("CONTROLLER")
                        .addDirectory(logDir.toString()).setMetadataLogDirectory(logDir.toString())
                        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION).run();
            }
        }
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server.startup();
        System.out.println("kafka server " + props.getProperty("node.id") + " started");
        server.awaitShutdown();
    }
}
