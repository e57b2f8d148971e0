package io.copyjobs.metrics;

import io.copyjobs.job.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The command counter's outcome labels are a closed set: the codes a command can be refused with, no more. */
class CommandOutcomesTest {

    @Test
    void outcomes_are_applied_unchanged_and_the_answering_codes_without_the_transfer_errors() {
        assertThat(Metrics.commandOutcomes()).startsWith("applied", "unchanged")
                .contains(ErrorCode.BG_E_INVALID_STATE.name(), ErrorCode.CJ_E_IDEMPOTENCY_KEY_REUSED.name())
                .doesNotContain(ErrorCode.CJ_E_LOCAL_FILE.name(), ErrorCode.DO_E_DOWNLOAD_NO_PROGRESS.name())
                .hasSize(23)
                .doesNotHaveDuplicates();
    }
}
