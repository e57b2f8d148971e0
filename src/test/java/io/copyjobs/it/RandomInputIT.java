package io.copyjobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random JSON bodies and random paths thrown at a running node: never a 5xx, always a problem
 * body with a code and an HRESULT when the answer is an error (SPEC §7).
 */
class RandomInputIT {
    static TestNode node;
    static String token;
    static String jobId;

    @BeforeContainer
    static void start() {
        node = TestNode.start(TestNode.freshNamespace("random"), Map.of());
        token = node.token("fuzzer");
        jobId = TestNode.json(node.post("/v1/jobs", token, "{\"displayName\":\"target\"}")).get("id").asText();
    }

    @AfterContainer
    static void stop() {
        node.close();
    }

    @Property(tries = 150)
    void random_bodies_on_every_route_get_an_answer_and_never_a_5xx(@ForAll("routes") String route,
                                                                     @ForAll("bodies") String body,
                                                                     @ForAll("contentTypes") String contentType) {
        String path = route.replace("{id}", jobId);
        String method = path.startsWith("PATCH ") ? "PATCH" : "POST";
        HttpRequest request = node.request(path.substring(path.indexOf(' ') + 1), token)
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        assertWellFormed(TestNode.send(request));
    }

    @Property(tries = 150)
    void random_paths_and_methods_get_a_problem_and_never_a_5xx(@ForAll("paths") String path,
                                                               @ForAll("methods") String method) {
        Optional<HttpRequest> request = request(path, method);
        // A path java.net.URI refuses cannot be sent at all: jqwik counts the try as discarded and
        // fails the property when too many are, so skipped tries cannot hide that nothing was sent.
        Assume.that(request.isPresent());
        assertWellFormed(TestNode.send(request.get()));
    }

    private static Optional<HttpRequest> request(String path, String method) {
        try {
            return Optional.of(HttpRequest.newBuilder(URI.create(node.base + path)).header("Authorization", "Bearer " + token)
                    .method(method, HttpRequest.BodyPublishers.noBody()).build());
        } catch (IllegalArgumentException notAUri) {
            return Optional.empty();
        }
    }

    static void assertWellFormed(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isLessThan(500);
        if (r.statusCode() >= 400) {
            assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
            if (r.request().method().equals("HEAD")) {
                return;
            }
            JsonNode problem = TestNode.json(r);
            assertThat(problem.get("code").asText()).isNotBlank();
            assertThat(problem.get("hresult").asText()).matches("0x[0-9A-F]{8}");
            assertThat(problem.get("status").asInt()).isEqualTo(r.statusCode());
        }
    }

    @Provide
    Arbitrary<String> routes() {
        return Arbitraries.of("POST /v1/jobs", "POST /v1/jobs/{id}/files", "PATCH /v1/jobs/{id}",
                "POST /v1/jobs/{id}/resume", "POST /v1/jobs/{id}/suspend", "POST /v1/jobs/{id}/complete");
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of("application/json", "application/json; charset=utf-8", "text/plain", "application/xml",
                "application/merge-patch+json");
    }

    @Provide
    Arbitrary<String> bodies() {
        return Arbitraries.oneOf(json(3), Arbitraries.strings().ofMaxLength(200),
                Arbitraries.of("", "{", "[]", "null", "1e999", "{\"displayName\":null}", "{\"files\":[null]}",
                        "{\"displayName\":\"x\",\"displayName\":\"y\"}", "[".repeat(500), "{\"a\":".repeat(100),
                        "{\"files\":[{\"remoteUrl\":\"https://h/x\",\"localName\":\"../../etc/passwd\"}]}",
                        "{\"displayName\":\"\\u0000\"}", "{\"minimumRetryDelaySeconds\":1.5}",
                        "{\"priority\":\"URGENT\"}", "{\"noProgressTimeoutSeconds\":-1}"));
    }

    /** Random JSON documents whose keys are often the API's own field names. */
    static Arbitrary<String> json(int depth) {
        Arbitrary<String> scalar = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20).map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""),
                Arbitraries.integers().map(String::valueOf), Arbitraries.doubles().map(String::valueOf),
                Arbitraries.of("true", "false", "null", "-1", "99999999999999999999"));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> key = Arbitraries.of("displayName", "description", "type", "priority", "files", "remoteUrl",
                "localName", "sha256", "minimumRetryDelaySeconds", "noProgressTimeoutSeconds", "x");
        Arbitrary<String> member = Combinators.combine(key, json(depth - 1)).as((k, v) -> "\"" + k + "\":" + v);
        Arbitrary<String> object = member.list().ofMaxSize(4).map(ms -> "{" + String.join(",", ms) + "}");
        Arbitrary<String> array = json(depth - 1).list().ofMaxSize(3).map(vs -> "[" + String.join(",", vs) + "]");
        return Arbitraries.oneOf(scalar, object, array);
    }

    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> segment = Arbitraries.oneOf(
                Arbitraries.of("v1", "jobs", "files", "resume", "0", "..", ".", "%2F", "%2e%2e", "%00", "{x}",
                        "5ce34c0d-1b2a-4c3d-8e4f-0123456789ab", "%7B5ce34c0d-1b2a-4c3d-8e4f-0123456789ab%7D", "health",
                        "content", "events", "cluster", ";", "%", "%zz", "~", "a b"),
                Arbitraries.strings().alpha().numeric().withChars("-._~%").ofMaxLength(12));
        return segment.list().ofMinSize(0).ofMaxSize(6).map(List::copyOf)
                .map(parts -> "/" + String.join("/", parts));
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE");
    }
}
