package io.copyjobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The logging of a process under measurement, written as a logback file into its data directory:
 * what it prints still goes to its output (where a bench waits for "copyjobs ready"), and the same
 * lines with their dates go to {@code <data>/<name>.log}, so that a run can be read afterwards.
 * Kafka's own classes stay at WARN except those that tell a failover's timeline at INFO.
 */
final class NodeLog {
    /** A node's clients: group joins and rebalances, task and restore steps, unstable offsets, fencing. */
    static final Map<String, String> NODE = Map.of(
            "org.apache.kafka.streams.processor.internals", "INFO",
            "org.apache.kafka.streams.processor.internals.assignment", "WARN",
            "org.apache.kafka.streams.KafkaStreams", "INFO",
            "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator", "INFO",
            "org.apache.kafka.clients.consumer.internals.AbstractCoordinator", "INFO",
            "org.apache.kafka.clients.producer.internals.TransactionManager", "INFO");
    /** A broker: broker fencing and leader moves, group members expiring, transactions aborted. */
    static final Map<String, String> BROKER = Map.of(
            "org.apache.kafka.controller", "INFO",
            "org.apache.kafka.coordinator", "INFO",
            "kafka.coordinator", "INFO");

    private NodeLog() {
    }

    /** Writes {@code <dir>/<name>-logback.xml} (logging to {@code <dir>/<name>.log}) and returns its path. */
    static Path write(Path dir, String name, Map<String, String> levels) throws IOException {
        Files.createDirectories(dir);
        Path log = dir.toAbsolutePath().resolve(name + ".log");
        String loggers = levels.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> "  <logger name=\"" + e.getKey() + "\" level=\"" + e.getValue() + "\"/>")
                .collect(Collectors.joining("\n"));
        // The console appender is named "text": a node keeps a configuration whose root has an
        // appender named after its log format, instead of reading its own again.
        String xml = """
                <configuration>
                  <statusListener class="ch.qos.logback.core.status.NopStatusListener"/>
                  <appender name="text" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %-20logger{0} %msg%n</pattern></encoder>
                  </appender>
                  <appender name="file" class="ch.qos.logback.core.FileAppender">
                    <file>@FILE@</file>
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{0} %msg%n</pattern></encoder>
                  </appender>
                  <logger name="org.apache.kafka" level="WARN"/>
                  <logger name="kafka" level="WARN"/>
                  <logger name="state.change.logger" level="WARN"/>
                  <logger name="org.eclipse.jetty" level="WARN"/>
                  <logger name="io.javalin" level="WARN"/>
                  <logger name="org.rocksdb" level="WARN"/>
                  <logger name="org.apache.kafka.clients.NetworkClient" level="ERROR"/>
                  <logger name="org.apache.kafka.streams.StreamsConfig" level="ERROR"/>
                @LOGGERS@
                  <root level="INFO">
                    <appender-ref ref="text"/>
                    <appender-ref ref="file"/>
                  </root>
                </configuration>
                """.replace("@FILE@", log.toString()).replace("@LOGGERS@", loggers);
        Path file = dir.toAbsolutePath().resolve(name + "-logback.xml");
        Files.writeString(file, xml);
        return file;
    }
}
