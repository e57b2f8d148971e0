package io.copyjobs.job;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BudgetRulesTest {
    private static final FileSpec FILE = new FileSpec("https://example.com/a", "a", null);

    private static TransferOptions budgets(Long bytesPerSecond, Integer seconds) {
        return new TransferOptions(null, null, null, null, null, bytesPerSecond, seconds);
    }

    private static JobSpec spec(TransferOptions options) {
        return new JobSpec("job", null, null, null, List.of(FILE), null, null, options);
    }

    @Test
    void a_negative_rate_is_refused_naming_the_field_in_create_and_set_properties() {
        assertThat(JobRules.checkSpec(spec(budgets(-1L, null)))).get()
                .satisfies(r -> assertThat(r.code()).isEqualTo(ErrorCode.E_INVALIDARG))
                .satisfies(r -> assertThat(r.detail()).startsWith("options.maxBytesPerSecond: "));
        PropertyChanges changes = new PropertyChanges(null, null, null, null, null, budgets(-5L, null));
        assertThat(JobRules.checkChanges(changes)).get()
                .satisfies(r -> assertThat(r.detail()).startsWith("options.maxBytesPerSecond: "));
    }

    @Test
    void a_negative_download_time_is_refused_naming_the_field() {
        assertThat(BudgetRules.check(budgets(null, -1))).get()
                .satisfies(r -> assertThat(r.code()).isEqualTo(ErrorCode.E_INVALIDARG))
                .satisfies(r -> assertThat(r.detail()).startsWith("options.maximumDownloadTimeSeconds: "));
    }

    @Test
    void zero_positive_and_absent_budgets_are_accepted() {
        assertThat(BudgetRules.check(budgets(0L, 0))).isEmpty();
        assertThat(BudgetRules.check(budgets(262_144L, 3600))).isEmpty();
        assertThat(BudgetRules.check(budgets(null, null))).isEmpty();
        assertThat(BudgetRules.check(null)).isEmpty();
        assertThat(JobRules.checkSpec(spec(TransferOptions.NONE))).isEmpty();
    }

    @Test
    void a_download_time_limit_and_a_job_proxy_list_are_accepted_now_that_the_engine_carries_them_out() {
        assertThat(JobRules.checkSpec(spec(budgets(null, 3600)))).isEmpty();
        TransferOptions override = new TransferOptions(null, null, null,
                new ProxySettings(ProxySettings.Usage.OVERRIDE, List.of("proxy:3128"), null), null, null, null);
        assertThat(JobRules.checkSpec(spec(override))).isEmpty();
    }
}
