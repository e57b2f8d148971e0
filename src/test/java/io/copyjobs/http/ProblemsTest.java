package io.copyjobs.http;

import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.Rejection;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Problem bodies are a contract (SPEC §3): their bytes stay what clients already parse. */
class ProblemsTest {

    @Test
    void a_problem_body_carries_the_registry_title_status_code_and_hresult() {
        assertThat(body(ErrorCode.BG_E_INVALID_STATE, "r1")).isEqualTo("{\"type\":\"urn:copyjobs:problem:"
                + "BG_E_INVALID_STATE\",\"title\":\"Operation not allowed in the job's state\",\"status\":409,"
                + "\"detail\":\"why\",\"instance\":\"urn:copyjobs:request:r1\",\"code\":\"BG_E_INVALID_STATE\","
                + "\"hresult\":\"0x80200002\"}");
    }

    @Test
    void access_denied_is_titled_by_whether_credentials_or_rights_were_missing() {
        assertThat(Problems.title(ErrorCode.E_ACCESSDENIED, 401)).isEqualTo("Authentication required");
        assertThat(Problems.title(ErrorCode.E_ACCESSDENIED, 403)).isEqualTo("Access denied");
        assertThat(Problems.status(ErrorCode.E_ACCESSDENIED)).isEqualTo(403);
    }

    private static String body(ErrorCode code, String requestId) {
        Rejection rejection = Rejection.of(code, "why");
        return new String(Problems.body(rejection, Problems.status(code), requestId), StandardCharsets.UTF_8);
    }
}
