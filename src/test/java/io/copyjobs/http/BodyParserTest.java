package io.copyjobs.http;

import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.JobSpec;
import io.copyjobs.job.Priority;
import io.copyjobs.job.PropertyChanges;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Client JSON is read strictly: each wrong type, encoding or shape is a 400 naming the field. */
class BodyParserTest {

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String detailOf(byte[] body, Class<?> type) {
        try {
            BodyParser.parse(body, type);
        } catch (ProblemException e) {
            assertThat(e.rejection().code()).isEqualTo(ErrorCode.E_INVALIDARG);
            assertThat(e.status()).isEqualTo(400);
            return e.rejection().detail();
        }
        throw new AssertionError("accepted: " + new String(body, StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"displayName\":5}                                  | displayName: must be a string",
            "{\"displayName\":true}                               | displayName: must be a string",
            "{\"displayName\":1.5}                                | displayName: must be a string",
            "{\"displayName\":[\"x\"]}                            | displayName: must be a string",
            "{\"displayName\":\"x\",\"priority\":3}               | priority: must be one of FOREGROUND, HIGH, NORMAL, LOW",
            "{\"displayName\":\"x\",\"priority\":\"3\"}           | priority: must be one of FOREGROUND, HIGH, NORMAL, LOW",
            "{\"displayName\":\"x\",\"priority\":\"low\"}         | priority: must be one of FOREGROUND, HIGH, NORMAL, LOW",
            "{\"displayName\":\"x\",\"type\":0}                   | type: must be one of",
            "{\"displayName\":\"x\",\"minimumRetryDelaySeconds\":\"5\"}        | minimumRetryDelaySeconds: must be an integer",
            "{\"displayName\":\"x\",\"minimumRetryDelaySeconds\":1.0}          | minimumRetryDelaySeconds: must be an integer",
            "{\"displayName\":\"x\",\"minimumRetryDelaySeconds\":1e3}          | minimumRetryDelaySeconds: must be an integer",
            "{\"displayName\":\"x\",\"minimumRetryDelaySeconds\":true}         | minimumRetryDelaySeconds: must be an integer",
            "{\"displayName\":\"x\",\"minimumRetryDelaySeconds\":99999999999}  | minimumRetryDelaySeconds: out of range",
            "{\"displayName\":\"x\",\"noProgressTimeoutSeconds\":\"\"}         | noProgressTimeoutSeconds: must be an integer",
            "{\"displayName\":\"x\",\"files\":{}}                 | files: must be an array",
            "{\"displayName\":\"x\",\"files\":[\"a\"]}            | files[0]: must be an object",
            "{\"displayName\":\"x\",\"files\":[{\"localName\":7}]}| files[0].localName: must be a string",
            "5                                                    | body: must be an object",
            "{\"displayName\":\"x\",\"displayName\":\"y\"}        | body: not valid JSON at line 1",
            "{\"displayName\":\"x\"} {}                           | body: more than one JSON value",
            "{\"displayName\":\"x\"} x                            | body: not valid JSON",
            "{\"displayName\":\"x\",}                             | body: not valid JSON",
            "null                                                 | body: a JSON object is required, not null",
            "{\"displayName\":\"x\",\"extra\":1}                  | extra: unknown field"})
    void wrong_types_and_shapes_are_refused_naming_the_field(String json, String detail) {
        assertThat(detailOf(utf8(json), JobSpec.class)).startsWith(detail);
    }

    @Test
    void a_detail_speaks_of_the_api_not_of_java_or_jackson() {
        for (String json : new String[]{"{\"displayName\":5}", "{\"priority\":3}", "{\"displayName\":\"x\"} {}", "5",
                "{\"files\":" + "[".repeat(40) + "]".repeat(40) + "}"}) {
            assertThat(detailOf(utf8(json), JobSpec.class)).doesNotContain("java.", "io.copyjobs", "Feature", "`",
                    "Jackson");
        }
    }

    @Test
    void the_same_rules_hold_for_set_properties() {
        assertThat(detailOf(utf8("{\"priority\":1}"), PropertyChanges.class)).startsWith("priority: must be one of");
        assertThat(detailOf(utf8("{\"displayName\":false}"), PropertyChanges.class)).startsWith("displayName: must be a string");
    }

    @Test
    void enum_names_as_spec_spells_them_and_right_types_are_read() {
        JobSpec spec = BodyParser.parse(utf8("{\"displayName\":\"x\",\"priority\":\"LOW\",\"minimumRetryDelaySeconds\":5,"
                + "\"files\":[{\"remoteUrl\":\"https://h/a\",\"localName\":\"a\",\"sha256\":null}]}"), JobSpec.class);
        assertThat(spec.priority()).isEqualTo(Priority.LOW);
        assertThat(spec.minimumRetryDelaySeconds()).isEqualTo(5);
        assertThat(spec.files()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"C0AF", "E080AF", "F08080AF", "EDA080", "FF", "C3", "F4908080"})
    void invalid_utf8_is_refused_overlong_forms_and_encoded_surrogates_included(String hex) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(utf8("{\"displayName\":\"a"));
        body.writeBytes(HexFormat.of().parseHex(hex));
        body.writeBytes(utf8("\"}"));
        assertThat(detailOf(body.toByteArray(), JobSpec.class)).isEqualTo("body: not valid UTF-8");
    }

    @Test
    void a_byte_order_mark_is_refused() {
        byte[] bom = utf8("\uFEFF{\"displayName\":\"x\"}");
        assertThat(detailOf(bom, JobSpec.class)).startsWith("body: must not start with a byte order mark");
    }

    @Test
    void utf16_is_not_json_on_the_wire() {
        assertThat(detailOf("{\"displayName\":\"x\"}".getBytes(StandardCharsets.UTF_16LE), JobSpec.class))
                .startsWith("body: not valid JSON");
    }

    @Test
    void nesting_beyond_the_limit_is_refused_in_the_api_s_words() {
        // The model's own types stop nesting at once; a type that takes any JSON meets the limit.
        String deep = "[".repeat(40) + "]".repeat(40);
        assertThat(detailOf(utf8(deep), Object.class)).startsWith("body: ").contains("nesting depth").contains("32")
                .doesNotContain("`");
    }

    @Test
    void an_empty_object_is_an_empty_body_and_nothing_else_is() {
        assertThat(BodyParser.parse(utf8("{}"), Bodies.EmptyBody.class)).isNotNull();
        assertThatThrownBy(() -> BodyParser.parse(utf8("[]"), Bodies.EmptyBody.class)).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> BodyParser.parse(utf8("\"\""), Bodies.EmptyBody.class)).isInstanceOf(ProblemException.class);
    }

    @Test
    void only_utf8_json_media_types_are_json() {
        assertThat(Bodies.isJson("application/json")).isTrue();
        assertThat(Bodies.isJson("application/json; charset=UTF-8")).isTrue();
        assertThat(Bodies.isJson("application/merge-patch+json;charset=\"utf-8\"")).isTrue();
        assertThat(Bodies.isJson("application/json; charset=utf-16")).isFalse();
        assertThat(Bodies.isJson("application/json; charset=iso-8859-1")).isFalse();
        assertThat(Bodies.isJson("text/plain")).isFalse();
    }
}
