package io.copyjobs.job;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one registry of codes: two codes sharing an HRESULT would make a job's error indistinguishable
 * from an answer's (as happened once when the API and the transfer engine both took 0xA0C10008), and
 * a renumbered code would change what GetJob answers and what Kafka already holds.
 */
class ErrorCodeTest {

    /** Each code as it appears in answers and job documents: name, HRESULT and, for answers, the status. */
    private static final List<String> WIRE_FORMS = List.of(
            "DO_E_NOT_FOUND 0x80D02003 404", "E_ACCESSDENIED 0x80070005 403", "E_INVALIDARG 0x80070057 400",
            "BG_E_STRING_TOO_LONG 0x80200021 400", "E_NOTIMPL 0x80004001 501", "BG_E_INVALID_STATE 0x80200002 409",
            "BG_E_EMPTY 0x80200003 409", "BG_E_TOO_MANY_FILES_IN_JOB 0x80200051 409",
            "BG_E_TOO_MANY_JOBS_PER_USER 0x80200049 429", "BG_S_PARTIAL_COMPLETE 0x00200017 200", "S_FALSE 0x00000001 200",
            "E_UNEXPECTED 0x8000FFFF 500", "CJ_E_PRECONDITION 0xA0C10001 412", "CJ_E_UNAVAILABLE 0xA0C10002 503",
            "CJ_E_TIMEOUT 0xA0C10003 504", "CJ_E_NO_ROUTE 0xA0C10004 404", "CJ_E_METHOD_NOT_ALLOWED 0xA0C10005 405",
            "CJ_E_BODY_TOO_LARGE 0xA0C10006 413", "CJ_E_UNSUPPORTED_MEDIA_TYPE 0xA0C10007 415",
            "CJ_E_HTTP_VERSION 0xA0C1000C 505", "CJ_E_IDEMPOTENCY_KEY_REUSED 0xA0C1000D 422",
            "BG_E_NETWORK_DISCONNECTED 0x80200010", "DO_E_DOWNLOAD_NO_PROGRESS 0x80D02002",
            "CJ_E_TRANSFER_DENIED 0xA0C10008", "CJ_E_FILE_TOO_LARGE 0xA0C10009", "CJ_E_CHECKSUM_MISMATCH 0xA0C1000A",
            "CJ_E_LOCAL_FILE 0xA0C1000B", "ERROR_DISK_FULL 0x80070070",
            "BG_E_MAXDOWNLOAD_TIMEOUT 0x80200054", "ERROR_WINHTTP_SECURE_INVALID_CA 0x80072F0D",
            "ERROR_WINHTTP_SECURE_CERT_CN_INVALID 0x80072F06", "ERROR_WINHTTP_REDIRECT_FAILED 0x80072F7A",
            "CJ_E_SECRET_UNREADABLE 0xA0C1000E");

    @Test
    void no_two_codes_share_an_hresult_or_a_name() {
        Map<String, List<ErrorCode>> byHresult = Arrays.stream(ErrorCode.values())
                .collect(Collectors.groupingBy(ErrorCode::hresult));
        assertThat(byHresult).allSatisfy((hresult, codes) -> assertThat(codes).as(hresult).hasSize(1));
        Map<String, Long> byName = Arrays.stream(ErrorCode.values())
                .collect(Collectors.groupingBy(c -> c.name().toUpperCase(Locale.ROOT), Collectors.counting()));
        assertThat(byName).allSatisfy((name, count) -> assertThat(count).as(name).isEqualTo(1));
    }

    @Test
    void no_code_falls_in_the_http_error_family() {
        // the family's facility (0x19, HTTP) is its own: any status's code starts with these digits
        String family = ErrorCode.formatHresult(ErrorCode.HTTP_ERROR_BASE).substring(0, 6);
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(code.name()).doesNotStartWith("BG_E_HTTP_ERROR_");
            assertThat(code.hresult()).as(code.name()).doesNotStartWith(family);
        }
        assertThat(TransferError.http(404, "Not Found", 0).hresult()).isEqualTo("0x80190194");
    }

    @Test
    void every_code_keeps_the_name_hresult_and_status_it_is_known_by() {
        Function<ErrorCode, String> wire = c -> c.name() + " " + c.hresult() + (c.answers() ? " " + c.status() : "");
        assertThat(Arrays.stream(ErrorCode.values()).map(wire)).containsExactlyInAnyOrderElementsOf(WIRE_FORMS);
    }

    @Test
    void copyjobs_own_codes_set_the_customer_bit_under_facility_0xC1() {
        assertThat(Arrays.stream(ErrorCode.values()).filter(c -> c.name().startsWith("CJ_")))
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.hresult()).startsWith("0xA0C1"));
    }

    @Test
    void a_transfer_error_code_answers_no_request() {
        assertThat(ErrorCode.CJ_E_LOCAL_FILE.answers()).isFalse();
        assertThatThrownBy(ErrorCode.CJ_E_LOCAL_FILE::status).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CJ_E_LOCAL_FILE");
        assertThat(ErrorCode.E_INVALIDARG.answers()).isTrue();
    }
}
