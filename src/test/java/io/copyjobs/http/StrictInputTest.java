package io.copyjobs.http;

import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.JobId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static io.copyjobs.http.RouteFixture.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON bodies on the real HTTP edge: the wrong type, encoding or place for a value is a 400 naming
 * the field, and no command is sent; nothing is coerced into something the client did not send.
 * BodyParserTest has every type and shape; this is the way there through the routes.
 */
class StrictInputTest {
    @RegisterExtension
    static final RouteFixture node = new RouteFixture();
    final JobId id = JobId.random();

    @AfterEach
    void nothingWasSent() {
        assertThat(node.bus.sent()).as("no command was sent").isEmpty();
    }

    static HttpResponse<String> post(String path, byte[] body, String contentType) {
        return node.send(node.request(path, node.token("alice")).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    static void assertInvalid(HttpResponse<String> r, String detailStart) {
        assertThat(assertProblem(r, 400, ErrorCode.E_INVALIDARG).get("detail").asText()).startsWith(detailStart);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"displayName\":5}                                                 | displayName: must be a string",
            "{\"displayName\":\"wrong\",\"priority\":3}                          | priority: must be one of",
            "{\"displayName\":\"wrong\",\"type\":0}                              | type: must be one of",
            "{\"displayName\":\"wrong\",\"noProgressTimeoutSeconds\":9999999999} | noProgressTimeoutSeconds: out of range",
            "{\"displayName\":\"wrong\\ud800\"}                                  | displayName: contains an unpaired surrogate",
            "{\"displayName\":\"wrong\",\"files\":[{\"remoteUrl\":\"https://example.com:70000/a\",\"localName\":\"a\"}]}"
                    + " | files[0].remoteUrl: port 70000",
            "{\"displayName\":\"wrong\",\"files\":[{\"remoteUrl\":\"https://example.com/a\",\"localName\":\"a\"},"
                    + "{\"remoteUrl\":\"https://example.com/b\",\"localName\":\"a.part/b\"}]} | files[1].localName:"})
    void a_create_job_with_a_wrong_type_or_value_is_400_naming_the_field(String json, String detail) {
        assertInvalid(node.send("POST", "/v1/jobs", node.token("alice"), json), detail);
    }

    @Test
    void an_overlong_utf8_slash_is_refused_not_read_as_a_slash() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"displayName\":\"wrong\",\"files\":[{\"remoteUrl\":\"https://example.com/a\",\"localName\":\"x"
                .getBytes(StandardCharsets.US_ASCII));
        body.write(0xC0);
        body.write(0xAF);
        body.writeBytes("y\"}]}".getBytes(StandardCharsets.US_ASCII));
        assertInvalid(post("/v1/jobs", body.toByteArray(), "application/json"), "body: not valid UTF-8");
    }

    @Test
    void a_byte_order_mark_is_400_and_a_charset_other_than_utf8_is_415() {
        byte[] json = "{\"displayName\":\"wrong\"}".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[json.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, withBom, 3, json.length);
        assertInvalid(post("/v1/jobs", withBom, "application/json"), "body: must not start with a byte order mark");
        assertProblem(post("/v1/jobs", "{\"displayName\":\"wrong\"}".getBytes(StandardCharsets.UTF_16),
                "application/json; charset=utf-16"), 415, ErrorCode.CJ_E_UNSUPPORTED_MEDIA_TYPE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"priority\":0}", "{\"displayName\":7}", "{\"minimumRetryDelaySeconds\":\"5\"}",
            "{\"description\":false}", "{\"priority\":\"URGENT\"}", "{\"displayName\":\"x\",\"owner\":\"bob\"}"})
    void set_properties_is_as_strict_as_create(String body) {
        assertProblem(node.send("PATCH", "/v1/jobs/" + id, node.token("alice"), body), 400, ErrorCode.E_INVALIDARG);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"files\":[{\"localName\":\"a\"}]}", "{\"files\":[{\"remoteUrl\":\"ftp://example.com/a\","
            + "\"localName\":\"a\"}]}", "{\"files\":[{\"remoteUrl\":\"https://example.com/a\",\"localName\":\"../a\"}]}",
            "{\"files\":[]}", "{}"})
    void add_file_set_is_as_strict_as_create(String body) {
        assertProblem(node.send("POST", "/v1/jobs/" + id + "/files", node.token("alice"), body), 400,
                ErrorCode.E_INVALIDARG);
    }
}
