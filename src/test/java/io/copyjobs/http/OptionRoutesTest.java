package io.copyjobs.http;

import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.JobId;
import io.copyjobs.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static io.copyjobs.http.RouteFixture.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job's headers and credentials on the real HTTP edge (issue 18): every bad value is a 400
 * naming the field and sends no command; a good one is sent sealed, never in clear.
 */
class OptionRoutesTest {
    @RegisterExtension
    static final RouteFixture node = new RouteFixture();

    static String create(String options) {
        return "{\"displayName\":\"j\",\"options\":" + options + "}";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"headers\":[{\"name\":\"X Key\",\"value\":\"v\"}]}            | options.headers[0].name: must be an HTTP token",
            "{\"headers\":[{\"name\":\"Host\",\"value\":\"v\"}]}             | options.headers[0].name: 'Host' is managed",
            "{\"headers\":[{\"name\":\"content-length\",\"value\":\"1\"}]}   | options.headers[0].name: 'content-length'",
            "{\"headers\":[{\"name\":\"Range\",\"value\":\"bytes=0-\"}]}     | options.headers[0].name: 'Range'",
            "{\"headers\":[{\"name\":\"Connection\",\"value\":\"close\"}]}   | options.headers[0].name: 'Connection'",
            "{\"headers\":[{\"name\":\"Proxy-Authorization\",\"value\":\"x\"}]} | options.headers[0].name: 'Proxy-Authorization'",
            "{\"headers\":[{\"name\":\"X-A\",\"value\":\"a\\r\\nX-B: b\"}]}  | options.headers[0].value: contains control",
            "{\"headers\":[{\"name\":\"X-A\",\"value\":\"a\\u0000\"}]}       | options.headers[0].value: contains control",
            "{\"headers\":[{\"name\":\"X-A\",\"value\":\"\"}]}               | options.headers[0].value: may not be empty",
            "{\"headers\":[{\"name\":\"X-A\",\"value\":\"k\u20ac\"}]}         | options.headers[0].value: has a character above U+00FF",
            "{\"serverCredentials\":{\"scheme\":\"BEARER\",\"password\":\"t\u2028\"}} | options.serverCredentials.password: has a character above",
            "{\"proxyCredentials\":{\"scheme\":\"BEARER\",\"password\":\"t\u20ac\"}} | options.proxyCredentials.password: has a character above",
            "{\"headers\":[{\"name\":\"X-A\",\"value\":\"1\"},{\"name\":\"x-a\",\"value\":\"2\"}]} | options.headers[1].name: 'x-a' is given twice",
            "{\"serverCredentials\":{\"scheme\":\"BASIC\",\"password\":\"p\"}} | options.serverCredentials.userName: is required",
            "{\"serverCredentials\":{\"scheme\":\"BASIC\",\"userName\":\"a:b\",\"password\":\"p\"}} | options.serverCredentials.userName: may not contain ':'",
            "{\"serverCredentials\":{\"scheme\":\"BASIC\",\"userName\":\"u\"}} | options.serverCredentials.password: is required",
            "{\"serverCredentials\":{\"scheme\":\"BEARER\",\"userName\":\"u\",\"password\":\"t\"}} | options.serverCredentials.userName: a BEARER",
            "{\"proxyCredentials\":{\"scheme\":\"BEARER\"}}                 | options.proxyCredentials.password: is required",
            "{\"proxy\":{\"usage\":\"OVERRIDE\"}}                           | options.proxy.proxies: OVERRIDE needs",
            "{\"proxy\":{\"usage\":\"OVERRIDE\",\"proxies\":[\"ftp://p:21\"]}} | options.proxy.proxies[0]: 'ftp' proxies",
            "{\"proxy\":{\"usage\":\"OVERRIDE\",\"proxies\":[\"https://p:443\"]}} | options.proxy.proxies[0]: 'https' proxies",
            "{\"proxy\":{\"usage\":\"OVERRIDE\",\"proxies\":[\"http://u:pw@p:3128\"]}} | options.proxy.proxies[0]: may not hold",
            "{\"proxy\":{\"usage\":\"OVERRIDE\",\"proxies\":[\"http://p:3128/x\"]}} | options.proxy.proxies[0]: 'http://p:3128/x' may have no path",
            "{\"proxy\":{\"usage\":\"OVERRIDE\",\"proxies\":[\"http://p\"]}}  | options.proxy.proxies[0]: 'http://p' is not http://host:port",
            "{\"proxy\":{\"usage\":\"OVERRIDE\",\"proxies\":[\"p:3128\",\"\"]}} | options.proxy.proxies[1]: may not be empty",
            "{\"proxy\":{\"usage\":\"OVERRIDE\",\"proxies\":[\"p:3128\"],\"bypass\":[\"a b\"]}} | options.proxy.bypass[0]: 'a b' is not",
            "{\"proxy\":{\"usage\":\"OVERRIDE\",\"proxies\":[\"p:3128\"],\"bypass\":[\"10.0.0.0/33\"]}} | options.proxy.bypass[0]: '10.0.0.0/33' has no prefix",
            "{\"proxy\":{\"usage\":\"NO_PROXY\",\"proxies\":[\"p:3128\"]}}    | options.proxy: proxies and bypass are for usage OVERRIDE only",
            "{\"proxy\":{\"usage\":\"AUTODETECT\"}}                         | options.proxy.usage"})
    void a_bad_header_or_credential_is_400_naming_the_field(String options, String detail) {
        int before = node.bus.sent().size();
        HttpResponse<String> r = node.send("POST", "/v1/jobs", node.token("alice"), create(options));
        assertThat(assertProblem(r, 400, ErrorCode.E_INVALIDARG).get("detail").asText()).startsWith(detail);
        assertThat(node.bus.sent()).hasSize(before);
    }

    @Test
    void a_url_with_user_info_is_refused_without_quoting_it() {
        // the JDK's client never sends user info: it would only sit in clear in every snapshot and GetJob
        int before = node.bus.sent().size();
        HttpResponse<String> r = node.send("POST", "/v1/jobs", node.token("alice"), "{\"displayName\":\"j\",\"files\":["
                + "{\"remoteUrl\":\"https://bob:pw-456@example.com/a.bin\",\"localName\":\"a.bin\"}]}");
        assertThat(assertProblem(r, 400, ErrorCode.E_INVALIDARG).get("detail").asText())
                .contains("files[0].remoteUrl: may not hold user info").doesNotContain("pw-456");
        assertThat(node.bus.sent()).hasSize(before);
    }

    @Test
    void a_basic_password_may_hold_any_unicode_text() {
        int before = node.bus.sent().size();
        HttpResponse<String> r = node.send("POST", "/v1/jobs", node.token("alice"), create(
                "{\"serverCredentials\":{\"scheme\":\"BASIC\",\"userName\":\"j\u00fcrgen\",\"password\":\"pw-\u20ac\"}}"));
        assertThat(node.bus.sent()).hasSize(before + 1);
    }

    @Test
    void too_many_headers_are_refused() {
        StringBuilder headers = new StringBuilder("{\"headers\":[");
        for (int i = 0; i <= 32; i++) {
            headers.append(i == 0 ? "" : ",").append("{\"name\":\"X-").append(i).append("\",\"value\":\"v\"}");
        }
        HttpResponse<String> r = node.send("POST", "/v1/jobs", node.token("alice"), create(headers + "]}"));
        assertThat(assertProblem(r, 400, ErrorCode.E_INVALIDARG).get("detail").asText())
                .startsWith("options.headers: at most 32");
    }

    @Test
    void too_many_proxies_are_refused() {
        String nine = "\"p:1\",\"p:2\",\"p:3\",\"p:4\",\"p:5\",\"p:6\",\"p:7\",\"p:8\",\"p:9\"";
        HttpResponse<String> r = node.send("POST", "/v1/jobs", node.token("alice"),
                create("{\"proxy\":{\"usage\":\"OVERRIDE\",\"proxies\":[" + nine + "]}}"));
        assertThat(assertProblem(r, 400, ErrorCode.E_INVALIDARG).get("detail").asText())
                .startsWith("options.proxy.proxies: at most 8 entries");
    }

    @Test
    void a_job_proxy_list_and_proxy_credentials_are_accepted_and_sealed() {
        int before = node.bus.sent().size();
        node.send("POST", "/v1/jobs", node.token("alice"), create("{\"proxy\":{\"usage\":"
                + "\"OVERRIDE\",\"proxies\":[\"http://proxy.corp:3128\"],\"bypass\":[\"<local>\",\"*.corp\",\"10.0.0.0/8\"]},"
                + "\"proxyCredentials\":{\"scheme\":\"BASIC\",\"userName\":\"carol\",\"password\":\"pw-proxy-1\"}}"));
        assertThat(node.bus.sent()).hasSize(before + 1);
        String sent = new String(Json.bytes(node.bus.sent().get(before).command()), StandardCharsets.UTF_8);
        assertThat(sent).contains("http://proxy.corp:3128").doesNotContain("pw-proxy-1").doesNotContain("carol");
    }

    @Test
    void a_patch_with_a_bad_header_is_400_naming_the_field() {
        HttpResponse<String> r = node.send("PATCH", "/v1/jobs/" + JobId.random(), node.token("alice"),
                "{\"options\":{\"headers\":[{\"name\":\"Transfer-Encoding\",\"value\":\"chunked\"}]}}");
        assertThat(assertProblem(r, 400, ErrorCode.E_INVALIDARG).get("detail").asText())
                .startsWith("options.headers[0].name: 'Transfer-Encoding'");
    }

    @Test
    void good_options_are_sent_sealed() {
        int before = node.bus.sent().size();
        node.send("POST", "/v1/jobs", node.token("alice"), create("{\"headers\":[{\"name\":\"Authorization\","
                + "\"value\":\"Token hush-123\"}],\"serverCredentials\":{\"scheme\":\"BASIC\",\"userName\":\"bob\","
                + "\"password\":\"pw-456\"}}"));
        assertThat(node.bus.sent()).hasSize(before + 1);
        String sent = new String(Json.bytes(node.bus.sent().get(before).command()), StandardCharsets.UTF_8);
        assertThat(sent).contains("cjs1.").doesNotContain("hush-123").doesNotContain("pw-456").doesNotContain("bob");
    }
}
