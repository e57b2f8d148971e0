package io.copyjobs.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.copyjobs.it.GetJobContract.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON bodies over HTTP: the wrong type, encoding or place for a file is a 400 naming the field,
 * and nothing is stored; nothing is coerced into something the client did not send.
 */
class StrictInputIT {
    static TestNode node;
    static String token;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestNode.freshNamespace("strict"), Map.of());
        token = node.token("strict-owner");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static HttpResponse<String> post(String path, byte[] body, String contentType) {
        return TestNode.send(node.request(path, token).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    static void assertInvalid(HttpResponse<String> r, String detailStart) {
        assertProblem(r, 400, "E_INVALIDARG", "0x80070057");
        assertThat(TestNode.json(r).get("detail").asText()).startsWith(detailStart);
        assertThat(node.get("/v1/jobs", token).body()).as("nothing stored").doesNotContain("\"wrong\"");
    }

    /** The examples end to end; BodyParserTest has every type and shape. */
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
        assertInvalid(node.post("/v1/jobs", token, json), detail);
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
                "application/json; charset=utf-16"), 415, "CJ_E_UNSUPPORTED_MEDIA_TYPE", "0xA0C10007");
    }

    @Test
    void a_file_added_where_an_existing_file_s_part_file_or_folder_is_is_refused() {
        HttpResponse<String> made = node.post("/v1/jobs", token, "{\"displayName\":\"places\",\"files\":["
                + "{\"remoteUrl\":\"https://example.com/a\",\"localName\":\"dir/a.bin\"}]}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        String id = TestNode.json(made).get("id").asText();
        for (String name : new String[]{"DIR/A.BIN", "dir/a.bin.part/x", "dir/a.bin.part.meta/x", "dir", "dir/a.bin/c"}) {
            HttpResponse<String> r = node.post("/v1/jobs/" + id + "/files", token, "{\"files\":[{\"remoteUrl\":"
                    + "\"https://example.com/b\",\"localName\":\"" + name + "\"}]}");
            assertProblem(r, 400, "E_INVALIDARG", "0x80070057");
            assertThat(TestNode.json(r).get("detail").asText()).as(name).startsWith("files[0].localName:");
        }
        assertThat(node.post("/v1/jobs/" + id + "/files", token, "{\"files\":[{\"remoteUrl\":\"https://example.com/b\","
                + "\"localName\":\"dir/b.bin\"}]}").statusCode()).isEqualTo(200);
    }

    @Test
    void set_properties_is_as_strict_as_create() {
        String id = TestNode.json(node.post("/v1/jobs", token, "{\"displayName\":\"props\"}")).get("id").asText();
        for (String body : new String[]{"{\"priority\":0}", "{\"displayName\":7}", "{\"minimumRetryDelaySeconds\":\"5\"}",
                "{\"description\":false}"}) {
            assertProblem(node.patch("/v1/jobs/" + id, token, body, null), 400, "E_INVALIDARG", "0x80070057");
        }
        assertThat(TestNode.json(node.get("/v1/jobs/" + id, token)).get("version").asLong()).isEqualTo(1);
    }
}
