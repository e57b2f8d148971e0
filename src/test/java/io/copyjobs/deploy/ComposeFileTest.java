package io.copyjobs.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.streams.StreamsSettings;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml, prometheus/prometheus.yml and Grafana's provisioning, checked by parsing:
 * no Docker engine runs where copyjobs is built, so this is what stands between a typo and a
 * fleet that does not come up.
 */
class ComposeFileTest {
    /** SPEC §9's variable names, as fixed there: scripts and the compose file may use only these. */
    static final Set<String> SPEC_NAMES = Set.of(
            "COPYJOBS_BOOTSTRAP_SERVERS", "COPYJOBS_EMBEDDED_KAFKA_PORT", "COPYJOBS_HTTP_PORT",
            "COPYJOBS_ADVERTISED_URL", "COPYJOBS_DATA_DIR", "COPYJOBS_FILES_DIR", "COPYJOBS_PARTITIONS",
            "COPYJOBS_REPLICATION_FACTOR", "COPYJOBS_AUTH_HS256_SECRET", "COPYJOBS_AUTH_JWKS_URL",
            "COPYJOBS_AUTH_ISSUER", "COPYJOBS_AUTH_AUDIENCE", "COPYJOBS_AUTH_ROLES_CLAIM", "COPYJOBS_AUTH_ADMIN_ROLE",
            "COPYJOBS_EMBEDDED_CONTROLLER_PORT", "COPYJOBS_TOPIC_PREFIX", "COPYJOBS_APPLICATION_ID",
            "COPYJOBS_METRICS_PORT", "COPYJOBS_COMMAND_TIMEOUT", "COPYJOBS_MAX_JOBS_PER_OWNER", "COPYJOBS_RETENTION",
            "COPYJOBS_IDLE_CANCEL", "COPYJOBS_MAX_TRANSFERS", "COPYJOBS_MAX_FILE_BYTES", "COPYJOBS_TRANSFER_DENY",
            "COPYJOBS_URL", "COPYJOBS_TOKEN");
    static final Set<String> NODES = Set.of("node1", "node2", "node3");

    final JsonNode services = Yaml.read("docker-compose.yml").path("services");

    List<String> servicesWithImage(String prefix) {
        List<String> names = new ArrayList<>();
        services.properties().forEach(s -> {
            if (s.getValue().path("image").asText().startsWith(prefix)) {
                names.add(s.getKey());
            }
        });
        return names;
    }

    List<String> builtFromThisRepository() {
        List<String> names = new ArrayList<>();
        services.properties().forEach(s -> {
            if (".".equals(Yaml.buildContext(s.getValue()))) {
                names.add(s.getKey());
            }
        });
        return names;
    }

    Map<String, String> env(String service) {
        return Yaml.environment(services.path(service));
    }

    @Test
    void three_kraft_brokers_of_the_official_image_form_one_three_voter_quorum() {
        List<String> kafka = servicesWithImage("apache/kafka:");
        assertThat(kafka).hasSize(3);
        Set<String> nodeIds = new HashSet<>();
        Set<String> clusterIds = new HashSet<>();
        for (String broker : kafka) {
            assertThat(services.path(broker).path("image").asText()).as(broker).matches("apache/kafka:4\\.\\d+\\.\\d+");
            Map<String, String> env = env(broker);
            assertThat(env.get("KAFKA_PROCESS_ROLES")).as(broker).contains("broker");
            assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS").split(",")).as(broker).hasSize(3)
                    .allSatisfy(voter -> assertThat(kafka).contains(voter.replaceAll("^\\d+@|:\\d+$", "")));
            assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).as(broker).contains("//" + broker + ":");
            nodeIds.add(env.get("KAFKA_NODE_ID"));
            clusterIds.add(env.get("CLUSTER_ID"));
        }
        assertThat(nodeIds).hasSize(3);
        assertThat(clusterIds).hasSize(1);
    }

    @Test
    void brokers_replicate_three_ways_with_two_in_sync_and_carry_copyjobs_failover_tuning() {
        for (String broker : servicesWithImage("apache/kafka:")) {
            assertThat(env(broker)).as(broker)
                    .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
                    .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2")
                    .containsEntry("KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS", "2000")
                    .containsEntry("KAFKA_TRANSACTION_ABORT_TIMED_OUT_TRANSACTION_CLEANUP_INTERVAL_MS", "1000")
                    .containsEntry("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
            assertThat(Integer.parseInt(env(broker).get("KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS")))
                    .as("the brokers let copyjobs use its shortest session timeout")
                    .isLessThanOrEqualTo(StreamsSettings.MIN_SESSION_TIMEOUT_MS);
        }
    }

    @Test
    void three_copyjobs_nodes_are_built_from_this_repository_and_use_all_three_brokers() {
        assertThat(builtFromThisRepository()).containsExactlyInAnyOrderElementsOf(NODES);
        assertThat(Yaml.REPO.resolve("Dockerfile")).isRegularFile();
        List<String> kafka = servicesWithImage("apache/kafka:");
        for (String node : NODES) {
            assertThat(env(node).get("COPYJOBS_BOOTSTRAP_SERVERS").split(",")).as(node)
                    .extracting(hostPort -> hostPort.split(":")[0]).containsExactlyInAnyOrderElementsOf(kafka);
            assertThat(env(node)).as(node).containsEntry("COPYJOBS_REPLICATION_FACTOR", "3");
            assertThat(services.path(node).path("depends_on").has("kafka1")).as(node).isTrue();
        }
    }

    @Test
    void every_copyjobs_variable_is_a_SPEC_section_9_name_or_a_kafka_pass_through() {
        Set<String> used = new TreeSet<>();
        services.properties().forEach(s -> Yaml.environment(s.getValue()).keySet().stream()
                .filter(k -> k.startsWith("COPYJOBS_")).forEach(used::add));
        assertThat(used).isNotEmpty()
                .allSatisfy(name -> assertThat(SPEC_NAMES.contains(name) || name.startsWith("COPYJOBS_KAFKA_"))
                        .as(name + " is not a SPEC §9 name").isTrue());
    }

    @Test
    void each_node_advertises_its_own_service_name_and_port() {
        for (String node : NODES) {
            Map<String, String> env = env(node);
            assertThat(env.get("COPYJOBS_ADVERTISED_URL")).as(node)
                    .isEqualTo("http://" + node + ":" + env.get("COPYJOBS_HTTP_PORT"));
            assertThat(Yaml.ports(services.path(node))).as(node).extracting(Yaml.Port::container)
                    .containsExactly(Integer.parseInt(env.get("COPYJOBS_HTTP_PORT")));
        }
    }

    @Test
    void nodes_share_one_secret_from_the_environment_with_a_long_enough_default() {
        Set<String> secrets = new HashSet<>();
        NODES.forEach(node -> secrets.add(env(node).get("COPYJOBS_AUTH_HS256_SECRET")));
        assertThat(secrets).hasSize(1);
        String secret = secrets.iterator().next();
        assertThat(secret).startsWith("${COPYJOBS_AUTH_HS256_SECRET:-").endsWith("}");
        String fallback = secret.substring("${COPYJOBS_AUTH_HS256_SECRET:-".length(), secret.length() - 1);
        assertThat(fallback.getBytes(StandardCharsets.UTF_8)).as("HS256 needs 32 bytes").hasSizeGreaterThanOrEqualTo(32);
    }

    @Test
    void host_ports_are_distinct_and_the_nodes_are_on_8081_to_8083() {
        List<Integer> hostPorts = new ArrayList<>();
        services.properties().forEach(s -> Yaml.ports(s.getValue()).forEach(p -> hostPorts.add(p.host())));
        assertThat(hostPorts).doesNotHaveDuplicates();
        Set<Integer> nodePorts = new TreeSet<>();
        NODES.forEach(node -> Yaml.ports(services.path(node)).forEach(p -> nodePorts.add(p.host())));
        assertThat(nodePorts).containsExactly(8081, 8082, 8083);
    }

    @Test
    void each_node_keeps_its_data_in_a_named_volume_of_its_own() {
        Set<String> declared = new HashSet<>();
        Yaml.read("docker-compose.yml").path("volumes").fieldNames().forEachRemaining(declared::add);
        Set<String> used = new HashSet<>();
        for (String node : NODES) {
            String dataDir = env(node).get("COPYJOBS_DATA_DIR");
            List<Yaml.Volume> data = Yaml.volumes(services.path(node)).stream()
                    .filter(v -> v.target().equals(dataDir) && !v.bindMount()).toList();
            assertThat(data).as(node + " mounts a named volume at " + dataDir).hasSize(1);
            assertThat(declared).contains(data.get(0).source());
            used.add(data.get(0).source());
        }
        assertThat(used).hasSize(3);
    }

    @Test
    void every_bind_mounted_path_exists_in_the_repository() {
        services.properties().forEach(s -> Yaml.volumes(s.getValue()).stream().filter(Yaml.Volume::bindMount)
                .forEach(v -> assertThat(Files.exists(Yaml.REPO.resolve(v.source()).normalize()))
                        .as(s.getKey() + " mounts " + v.source()).isTrue()));
    }

    @Test
    void prometheus_runs_the_official_image_with_this_repository_s_config() {
        assertThat(servicesWithImage("prom/prometheus:")).containsExactly("prometheus");
        assertThat(Yaml.volumes(services.path("prometheus")))
                .contains(new Yaml.Volume("./prometheus/prometheus.yml", "/etc/prometheus/prometheus.yml"));
    }

    @Test
    void prometheus_scrapes_the_three_nodes_and_itself() {
        JsonNode jobs = Yaml.read("prometheus/prometheus.yml").path("scrape_configs");
        Set<String> targets = new TreeSet<>();
        jobs.forEach(job -> job.path("static_configs")
                .forEach(c -> c.path("targets").forEach(t -> targets.add(t.asText()))));
        assertThat(targets).containsExactlyInAnyOrder("node1:8080", "node2:8080", "node3:8080", "localhost:9090");
        jobs.forEach(job -> assertThat(job.path("metrics_path").asText("/metrics")).isEqualTo("/metrics"));
    }

    @Test
    void grafana_runs_the_official_image_with_anonymous_viewers_and_the_provisioning_mounted() {
        assertThat(servicesWithImage("grafana/grafana:")).containsExactly("grafana");
        assertThat(env("grafana")).containsEntry("GF_AUTH_ANONYMOUS_ENABLED", "true")
                .containsEntry("GF_AUTH_ANONYMOUS_ORG_ROLE", "Viewer");
        assertThat(Yaml.volumes(services.path("grafana"))).contains(
                new Yaml.Volume("./grafana/provisioning/datasources", "/etc/grafana/provisioning/datasources"),
                new Yaml.Volume("./grafana/provisioning/dashboards", "/etc/grafana/provisioning/dashboards"));
        assertThat(Yaml.volumes(services.path("grafana"))).extracting(Yaml.Volume::source).contains("./grafana/dashboards");
    }

    @Test
    void grafana_provisioning_loads_the_mounted_dashboards_from_the_prometheus_service() {
        JsonNode datasource = Yaml.read("grafana/provisioning/datasources/prometheus.yml").path("datasources").get(0);
        assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
        assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");

        JsonNode provider = Yaml.read("grafana/provisioning/dashboards/copyjobs.yml").path("providers").get(0);
        String dashboardsMount = Yaml.volumes(services.path("grafana")).stream()
                .filter(v -> v.source().equals("./grafana/dashboards")).findFirst().orElseThrow().target();
        assertThat(provider.path("type").asText()).isEqualTo("file");
        assertThat(provider.path("options").path("path").asText()).isEqualTo(dashboardsMount);
    }
}
