package io.copyjobs.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.JobId;
import io.copyjobs.job.Rejection;
import io.copyjobs.service.CommandBus;
import io.copyjobs.wire.IdempotencyRecord;
import io.copyjobs.wire.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Stream;

import static io.copyjobs.http.RouteFixture.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How refusals and failures of the command side come out of the real HTTP edge: every code a
 * step's rejection can carry, at the status {@link Problems} gives it, and each way the command
 * bus can fail, as 503 or 504 with what a client may do next.
 */
class ProblemMappingTest {
    static final String RETRY_IS_SAFE = "retrying with the same Idempotency-Key is safe";
    @RegisterExtension
    static final RouteFixture node = new RouteFixture();
    final JobId id = JobId.random();

    /** Every code a refusal can carry: all but the success code reported beside a job. */
    static Stream<ErrorCode> refusals() {
        return Arrays.stream(ErrorCode.values()).filter(ErrorCode::answers).filter(code -> Problems.status(code) >= 400);
    }

    HttpResponse<String> suspend() {
        return node.send("POST", "/v1/jobs/" + id + "/suspend", node.token("alice"), null);
    }

    /** CreateJob goes to the owner step, Cancel to the job step: each way out of the bus. */
    HttpResponse<String> command(String route) {
        return route.equals("create") ? node.send("POST", "/v1/jobs", node.token("alice"), RouteFixture.ONE_FILE)
                : node.send("POST", "/v1/jobs/" + id + "/cancel", node.token("alice"), null);
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void a_rejected_outcome_is_answered_at_the_status_of_its_code(ErrorCode code) {
        node.bus.answer(c -> Outcome.rejected(c.requestId(), id, Rejection.of(code, "refused with " + code)));

        HttpResponse<String> r = suspend();

        JsonNode problem = assertProblem(r, Problems.status(code), code);
        assertThat(problem.get("detail").asText()).isEqualTo("refused with " + code);
        assertThat(r.headers().firstValue("Retry-After").isPresent()).as("Retry-After on 503 only")
                .isEqualTo(r.statusCode() == 503);
        assertThat(r.headers().firstValue("Idempotent-Replayed")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"BG_E_INVALID_STATE, 409, 0x80200002", "DO_E_NOT_FOUND, 404, 0x80D02003",
            "E_ACCESSDENIED, 403, 0x80070005", "CJ_E_PRECONDITION, 412, 0xA0C10001", "CJ_E_TIMEOUT, 504, 0xA0C10003",
            "CJ_E_UNAVAILABLE, 503, 0xA0C10002", "BG_E_TOO_MANY_JOBS_PER_USER, 429, 0x80200049",
            "CJ_E_IDEMPOTENCY_KEY_REUSED, 422, 0xA0C1000D"})
    void the_codes_clients_depend_on_keep_their_status_and_hresult(String code, int status, String hresult) {
        node.bus.answer(c -> Outcome.rejected(c.requestId(), id, Rejection.of(ErrorCode.valueOf(code), "no")));

        HttpResponse<String> r = suspend();

        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode problem = RouteFixture.json(r);
        assertThat(problem.get("code").asText()).isEqualTo(code);
        assertThat(problem.get("hresult").asText()).isEqualTo(hresult);
    }

    /** Each way the Kafka bus fails a command's future, on the way to the owner step and to the job step. */
    static Stream<Arguments> busFailures() {
        return Stream.of("create", "cancel").flatMap(route -> Stream.of(
                Arguments.of(route, new CommandBus.NotSentException(new IOException("no broker answers")), 503,
                        ErrorCode.CJ_E_UNAVAILABLE),
                Arguments.of(route, new CommandBus.OutcomeUnknownException(new IOException("delivery timed out")), 504,
                        ErrorCode.CJ_E_TIMEOUT)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("busFailures")
    void a_failed_send_is_503_or_504_and_says_a_retry_is_safe(String route, RuntimeException failure, int status,
                                                               ErrorCode code) {
        node.bus.fail(failure);

        HttpResponse<String> r = command(route);

        JsonNode problem = assertProblem(r, status, code);
        assertThat(problem.get("detail").asText()).contains(failure.getCause().getMessage()).endsWith(RETRY_IS_SAFE);
        assertThat(r.headers().firstValue("Retry-After").isPresent()).isEqualTo(status == 503);
    }

    @ParameterizedTest
    @ValueSource(strings = {"create", "cancel"})
    void an_outcome_that_never_arrives_is_504_at_the_command_timeout(String route) {
        node.bus.neverAnswer();
        long start = System.nanoTime();

        HttpResponse<String> r = command(route);

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        JsonNode problem = assertProblem(r, 504, ErrorCode.CJ_E_TIMEOUT);
        assertThat(problem.get("detail").asText()).contains("did not arrive").endsWith(RETRY_IS_SAFE);
        assertThat(took).as("the command's deadline, not the client's, ended it")
                .isGreaterThanOrEqualTo(RouteFixture.COMMAND_TIMEOUT).isLessThan(RouteFixture.ANSWER_BOUND);
        assertThat(node.bus.sent()).hasSize(1);
    }

    @Test
    void a_failure_nobody_expected_is_500_without_its_insides() {
        node.bus.fail(new IllegalStateException("a secret of the node's"));

        HttpResponse<String> r = suspend();

        JsonNode problem = assertProblem(r, 500, ErrorCode.E_UNEXPECTED);
        assertThat(r.body()).doesNotContain("a secret of the node's").doesNotContain("IllegalState");
        assertThat(problem.get("detail").asText()).contains("request's id");
    }

    @Test
    void a_replayed_refusal_is_marked_replayed_too() {
        Outcome first = Outcome.rejected("first", id, Rejection.of(ErrorCode.BG_E_INVALID_STATE, "the job is final"));
        node.bus.answer(c -> Outcome.replay(c.requestId(), IdempotencyRecord.of(first, Instant.now(), null), null));

        HttpResponse<String> r = suspend();

        assertProblem(r, 409, ErrorCode.BG_E_INVALID_STATE);
        assertThat(r.headers().firstValue("Idempotent-Replayed")).contains("true");
    }
}
