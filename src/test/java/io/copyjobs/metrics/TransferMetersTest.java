package io.copyjobs.metrics;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The transfer and cache meters of a node: every series there at 0 from the start, then what was recorded. */
class TransferMetersTest {

    @Test
    void a_new_node_exports_bytes_by_both_sources_and_the_cache_meters_at_zero() {
        try (Metrics metrics = new Metrics()) {
            assertThat(metrics.scrape()).contains("copyjobs_transfer_bytes_total{source=\"origin\"} 0.0\n",
                    "copyjobs_transfer_bytes_total{source=\"peer\"} 0.0\n", "copyjobs_cache_bytes 0.0\n",
                    "copyjobs_cache_hits_total 0.0\n", "copyjobs_cache_evictions_total 0.0\n");
        }
    }

    @Test
    void bytes_add_up_by_source_and_the_cache_size_is_the_last_one_set() {
        try (Metrics metrics = new Metrics()) {
            TransferMeters meters = metrics.transfers();
            meters.fromOrigin(1000);
            meters.fromOrigin(24);
            meters.fromPeers(3);
            meters.cacheHit();
            meters.cacheEvicted();
            meters.cacheEvicted();
            meters.cacheBytes(5000);
            meters.cacheBytes(4096);
            assertThat(metrics.scrape()).contains("copyjobs_transfer_bytes_total{source=\"origin\"} 1024.0\n",
                    "copyjobs_transfer_bytes_total{source=\"peer\"} 3.0\n", "copyjobs_cache_bytes 4096.0\n",
                    "copyjobs_cache_hits_total 1.0\n", "copyjobs_cache_evictions_total 2.0\n");
        }
    }

    @Test
    void every_transfer_error_code_is_there_at_zero_and_http_refusals_count_by_status_class() {
        try (Metrics metrics = new Metrics()) {
            assertThat(metrics.scrape()).contains("copyjobs_transfer_errors_total{code=\"BG_E_NETWORK_DISCONNECTED\"} 0.0\n",
                    "copyjobs_transfer_errors_total{code=\"BG_E_MAXDOWNLOAD_TIMEOUT\"} 0.0\n",
                    "copyjobs_transfer_errors_total{code=\"BG_E_HTTP_ERROR_4xx\"} 0.0\n",
                    "copyjobs_transfer_errors_total{code=\"other\"} 0.0\n")
                    .doesNotContain("code=\"BG_E_INVALID_STATE\"");
            metrics.transfers().transferFailed("BG_E_HTTP_ERROR_404");
            metrics.transfers().transferFailed("BG_E_HTTP_ERROR_403");
            metrics.transfers().transferFailed("CJ_E_CHECKSUM_MISMATCH");
            metrics.transfers().transferFailed("SOMETHING_NEW");
            assertThat(metrics.scrape()).contains("copyjobs_transfer_errors_total{code=\"BG_E_HTTP_ERROR_4xx\"} 2.0\n",
                    "copyjobs_transfer_errors_total{code=\"CJ_E_CHECKSUM_MISMATCH\"} 1.0\n",
                    "copyjobs_transfer_errors_total{code=\"other\"} 1.0\n");
        }
    }

    @Test
    void the_queued_time_and_the_current_rate_are_there_from_the_start_and_record_what_happened() {
        try (Metrics metrics = new Metrics()) {
            assertThat(metrics.scrape()).contains("copyjobs_transfer_queued_seconds_count 0\n",
                    "copyjobs_transfer_queued_seconds_bucket{le=\"5.0\"} 0\n",
                    "copyjobs_transfer_rate_bytes_per_second 0.0\n");
            metrics.transfers().firstAnswer(Duration.ofSeconds(2));
            metrics.transfers().firstAnswer(Duration.ofSeconds(40));
            metrics.transfers().fromOrigin(100_000);
            String scrape = metrics.scrape();
            assertThat(scrape).contains("copyjobs_transfer_queued_seconds_count 2\n",
                    "copyjobs_transfer_queued_seconds_sum 42.0\n",
                    "copyjobs_transfer_queued_seconds_bucket{le=\"5.0\"} 1\n",
                    "copyjobs_transfer_queued_seconds_bucket{le=\"60.0\"} 2\n")
                    .doesNotContain("copyjobs_transfer_rate_bytes_per_second 0.0\n");
        }
    }
}
