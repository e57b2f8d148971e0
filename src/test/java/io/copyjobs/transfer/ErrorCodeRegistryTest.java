package io.copyjobs.transfer;

import io.copyjobs.job.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * copyjobs' own HRESULTs live in two places (the API's {@link ErrorCode} and the transfer engine's
 * {@link Failures}); two codes sharing one HRESULT would make a job's error indistinguishable from an
 * answer's, as happened once when both took 0xA0C10008.
 */
class ErrorCodeRegistryTest {

    @Test
    void every_copyjobs_hresult_names_one_code() {
        List<String> api = Arrays.stream(ErrorCode.values()).map(ErrorCode::hresult).toList();
        List<String> transfer = List.of(Failures.CJ_E_TRANSFER_DENIED, Failures.CJ_E_FILE_TOO_LARGE,
                Failures.CJ_E_CHECKSUM_MISMATCH, Failures.CJ_E_LOCAL_FILE).stream().map(ErrorCode::formatHresult).toList();
        Set<String> seen = new HashSet<>(api);
        assertThat(seen).hasSameSizeAs(api);
        assertThat(transfer).allSatisfy(h -> assertThat(seen.add(h)).as("%s taken twice", h).isTrue());
    }
}
