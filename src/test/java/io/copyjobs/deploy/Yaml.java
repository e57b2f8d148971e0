package io.copyjobs.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading the deployment files of the repository (docker-compose.yml, prometheus.yml, Grafana's
 * provisioning) as trees, and the few compose notions the tests ask about.
 */
final class Yaml {
    /** The repository's base directory: Maven runs tests there. */
    static final Path REPO = Path.of("").toAbsolutePath();
    private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());

    private Yaml() {
    }

    static JsonNode read(String relativePath) {
        try {
            return MAPPER.readTree(REPO.resolve(relativePath).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A service's environment, whether written as a map or as a list of {@code KEY=value}. */
    static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode e = service.path("environment");
        if (e.isArray()) {
            e.forEach(item -> {
                String[] kv = item.asText().split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : "");
            });
        } else {
            e.properties().forEach(field -> env.put(field.getKey(), field.getValue().asText()));
        }
        return env;
    }

    /** A published port of the short form {@code [ip:]host:container}. */
    record Port(int host, int container) {
        static Port parse(String spec) {
            String[] parts = spec.split(":");
            return new Port(Integer.parseInt(parts[parts.length - 2]), Integer.parseInt(parts[parts.length - 1]));
        }
    }

    static List<Port> ports(JsonNode service) {
        List<Port> ports = new ArrayList<>();
        service.path("ports").forEach(p -> ports.add(Port.parse(p.asText())));
        return ports;
    }

    /** A volume of the short form {@code source:target[:mode]}: a named volume, or a bind mount of a path. */
    record Volume(String source, String target) {
        static Volume parse(String spec) {
            String[] parts = spec.split(":");
            return new Volume(parts[0], parts[1]);
        }

        boolean bindMount() {
            return source.startsWith(".") || source.startsWith("/");
        }
    }

    static List<Volume> volumes(JsonNode service) {
        List<Volume> volumes = new ArrayList<>();
        service.path("volumes").forEach(v -> volumes.add(Volume.parse(v.asText())));
        return volumes;
    }

    /** The build context of a service built from source ({@code build: .} or {@code build: {context: .}}). */
    static String buildContext(JsonNode service) {
        JsonNode b = service.path("build");
        return b.isTextual() ? b.asText() : b.path("context").asText(null);
    }
}
