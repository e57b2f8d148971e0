package io.copyjobs.testing;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlTest {

    @Test
    void a_histogram_quantile_names_only_its_bucket_series() {
        assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (le, instance, route) "
                + "(rate(copyjobs_http_requests_seconds_bucket{instance=~\"$instance\", route!~\".*/events\"}[$__rate_interval])))"))
                .containsExactly("copyjobs_http_requests_seconds_bucket");
    }

    @Test
    void label_lists_matchers_strings_durations_and_numbers_are_not_metric_names() {
        assertThat(PromQl.metricNames("sum without (status) (increase(a_total{status=~\"5..\", x=\"}\"}[5m] offset 1h)) "
                + "/ on (instance) group_left (version) max(b_info) > bool 0.5e3 and c_gauge @ 1609746000"))
                .containsExactly("a_total", "b_info", "c_gauge");
    }

    @Test
    void functions_and_aggregations_are_told_from_series_in_any_case() {
        assertThat(PromQl.metricNames("SUM BY (instance) (rate(jvm_gc_pause_seconds_sum[${__rate_interval}])) "
                + "or topk(3, count_values(\"v\", process_cpu_usage)) unless absent(up) or vector(0) * Inf"))
                .containsExactly("jvm_gc_pause_seconds_sum", "process_cpu_usage", "up");
    }

    @Test
    void a_name_given_as_a_matcher_counts_and_a_colon_in_a_recording_rule_name_is_kept() {
        assertThat(PromQl.metricNames("{__name__=\"copyjobs_jobs\", state=\"QUEUED\"} + instance:copyjobs_jobs:sum"))
                .containsExactly("copyjobs_jobs", "instance:copyjobs_jobs:sum");
    }

    @Test
    void a_grafana_label_values_variable_reads_its_series() {
        assertThat(PromQl.metricNames(Dashboards.variableQuery("label_values(copyjobs_streams_state{job=\"copyjobs\"}, instance)")))
                .containsExactly("copyjobs_streams_state");
    }

    @Test
    void sample_names_of_a_scrape_keep_their_bucket_count_and_sum_suffixes() {
        String scrape = """
                # HELP copyjobs_lookups_seconds reads
                # TYPE copyjobs_lookups_seconds histogram
                copyjobs_lookups_seconds_bucket{served_by="local",le="0.001"} 1
                copyjobs_lookups_seconds_count{served_by="local"} 1
                copyjobs_lookups_seconds_sum{served_by="local"} 0.002
                copyjobs_commands_pending 0.0
                """;
        assertThat(Dashboards.sampleNames(scrape)).containsExactly("copyjobs_commands_pending",
                "copyjobs_lookups_seconds_bucket", "copyjobs_lookups_seconds_count", "copyjobs_lookups_seconds_sum");
    }

    @Test
    void a_query_naming_a_metric_no_node_exports_is_reported_with_where_it_stands() {
        Set<String> exported = Set.of("copyjobs_http_requests_seconds_bucket", "copyjobs_http_requests_seconds_count");
        List<Dashboards.Query> queries = List.of(
                new Dashboards.Query("fleet.json#/panels/0/targets/0/expr",
                        "sum(rate(copyjobs_http_requests_seconds_count[5m]))"),
                new Dashboards.Query("fleet.json#/panels/1/targets/0/expr",
                        "sum(rate(copyjobs_bogus_requests_total[5m])) / sum(rate(copyjobs_http_requests_seconds[5m]))"));

        Map<String, List<String>> missing = Dashboards.missing(queries, exported);

        assertThat(missing).containsOnlyKeys("copyjobs_bogus_requests_total", "copyjobs_http_requests_seconds")
                .containsEntry("copyjobs_bogus_requests_total", List.of("fleet.json#/panels/1/targets/0/expr"));
    }
}
