package io.copyjobs.http;

import io.copyjobs.job.CredentialTarget;
import io.copyjobs.job.Credentials;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.Job;
import io.copyjobs.job.RemoveCredentials;
import io.copyjobs.job.SetCredentials;
import io.copyjobs.json.Json;
import io.copyjobs.wire.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static io.copyjobs.http.RouteFixture.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** PUT and DELETE /v1/jobs/{id}/credentials/{server|proxy} on the real HTTP edge: sealed in, checked, never echoed. */
class CredentialRoutesTest {
    @RegisterExtension
    static final RouteFixture node = new RouteFixture();

    Job job;

    @BeforeEach
    void storeAJob() {
        job = node.stored("alice", Instant.now());
        node.bus.answer(c -> Outcome.applied(c.requestId(), job, null, false));
    }

    String path(String target) {
        return "/v1/jobs/" + job.id() + "/credentials/" + target;
    }

    @Test
    void put_sends_set_credentials_sealed_and_answers_with_the_job() {
        HttpResponse<String> r = node.send("PUT", path("server"), node.token("alice"),
                "{\"scheme\":\"BASIC\",\"userName\":\"bob\",\"password\":\"pw-789\"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        SetCredentials sent = (SetCredentials) node.bus.only().command().command();
        assertThat(sent.target()).isEqualTo(CredentialTarget.SERVER);
        assertThat(sent.credentials().scheme()).isEqualTo(Credentials.Scheme.BASIC);
        String wire = new String(Json.bytes(node.bus.only().command()), StandardCharsets.UTF_8);
        assertThat(wire).contains("\"op\":\"SetCredentials\"", "cjs1.").doesNotContain("pw-789").doesNotContain("bob");
        assertThat(r.body()).doesNotContain("pw-789").doesNotContain("cjs1.");
    }

    @Test
    void delete_sends_remove_credentials_for_the_named_target() {
        HttpResponse<String> r = node.send("DELETE", path("Proxy"), node.token("alice"), null);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(node.bus.only().command().command()).isEqualTo(new RemoveCredentials(CredentialTarget.PROXY));
    }

    @Test
    void bad_credentials_are_400_naming_the_field_and_send_nothing() {
        HttpResponse<String> r = node.send("PUT", path("server"), node.token("alice"),
                "{\"scheme\":\"BEARER\",\"userName\":\"u\",\"password\":\"t\"}");
        assertThat(assertProblem(r, 400, ErrorCode.E_INVALIDARG).get("detail").asText())
                .startsWith("options.serverCredentials.userName: a BEARER");
        assertThat(node.bus.sent()).isEmpty();
    }

    @Test
    void an_unknown_target_is_400_and_sends_nothing() {
        HttpResponse<String> r = node.send("DELETE", path("origin"), node.token("alice"), null);
        assertThat(assertProblem(r, 400, ErrorCode.E_INVALIDARG).get("detail").asText())
                .isEqualTo("target: credentials are for \"server\" or \"proxy\", not \"origin\"");
        assertThat(node.bus.sent()).isEmpty();
    }

    @Test
    void an_empty_body_is_400() {
        HttpResponse<String> r = node.send("PUT", path("server"), node.token("alice"), "");
        assertProblem(r, 400, ErrorCode.E_INVALIDARG);
        assertThat(node.bus.sent()).isEmpty();
    }
}
