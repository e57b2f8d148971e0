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
    void options_not_carried_out_yet_are_501_rather_than_ignored() {
        assertThat(JobRules.checkSpec(spec(budgets(null, 3600)))).get()
                .satisfies(r -> assertThat(r.code()).isEqualTo(ErrorCode.E_NOTIMPL))
                .satisfies(r -> assertThat(r.detail()).startsWith("options.maximumDownloadTimeSeconds: "));
        TransferOptions override = new TransferOptions(null, null, null,
                new ProxySettings(ProxySettings.Usage.OVERRIDE, List.of("proxy:3128"), null), null, null, null);
        TransferOptions proxyLogin = new TransferOptions(null, null, new Credentials(Credentials.Scheme.BEARER, null,
                Secret.plain("t")), null, null, null, null);
        // the engine carries out a job's proxy list and proxy credentials now
        assertThat(UnsupportedOptions.check(override)).isEmpty();
        assertThat(UnsupportedOptions.check(proxyLogin)).isEmpty();
        assertThat(JobRules.checkSpec(spec(override))).isEmpty();
        assertThat(UnsupportedOptions.check(new TransferOptions(null, null, null,
                new ProxySettings(ProxySettings.Usage.NO_PROXY, null, null), null, null, 0))).isEmpty();
    }
}
