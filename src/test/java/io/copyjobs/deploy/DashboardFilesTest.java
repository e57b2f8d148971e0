package io.copyjobs.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.testing.Dashboards;
import io.copyjobs.testing.PromQl;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboards as files: valid JSON, bound to the provisioned datasource, each query
 * naming some series. DashboardMetricsIT checks those series against a running node.
 */
class DashboardFilesTest {

    @Test
    void the_fleet_dashboard_is_there_with_a_unique_uid() {
        assertThat(Dashboards.files(Dashboards.DIR)).extracting(p -> p.getFileName().toString())
                .contains("copyjobs-fleet.json");
        Set<String> uids = new HashSet<>();
        for (Path file : Dashboards.files(Dashboards.DIR)) {
            assertThat(uids.add(Dashboards.read(file).path("uid").asText())).as(file + " has a uid of its own").isTrue();
        }
    }

    @Test
    void every_panel_and_variable_reads_the_provisioned_prometheus_datasource() {
        String uid = Yaml.read("grafana/provisioning/datasources/prometheus.yml").path("datasources").get(0)
                .path("uid").asText();
        assertThat(uid).isNotBlank();
        for (Path file : Dashboards.files(Dashboards.DIR)) {
            JsonNode dashboard = Dashboards.read(file);
            assertThat(dashboard.findValues("datasource")).as(file.toString()).isNotEmpty()
                    .allSatisfy(ds -> assertThat(ds.path("uid").asText()).isEqualTo(uid));
        }
    }

    @Test
    void every_query_names_at_least_one_series() {
        assertThat(Dashboards.queries(Dashboards.DIR)).hasSizeGreaterThan(20)
                .allSatisfy(q -> assertThat(PromQl.metricNames(q.promql())).as(q.where()).isNotEmpty());
    }
}
