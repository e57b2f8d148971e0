package io.copyjobs.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.copyjobs.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The HTTP API of one node (SPEC §5) as the client commands use it: every call carries the bearer
 * token, answers a parsed {@link Answer} on 2xx and throws a {@link CliFailure} otherwise. One
 * {@link HttpClient} serves the whole process.
 */
final class NodeApi {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    private final URI base;
    private final String token;

    NodeApi(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** The path of a job; braces around the GUID are dropped, the node checks the rest. */
    static String jobPath(String guid) {
        String bare = guid.strip();
        if (bare.startsWith("{") && bare.endsWith("}")) {
            bare = bare.substring(1, bare.length() - 1);
        }
        return "/v1/jobs/" + encode(bare);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    Answer get(String path) {
        return send(request(path).GET());
    }

    /** A bodiless POST, as resume, suspend, cancel, complete and take-ownership are. */
    Answer post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    Answer post(String path, Object body) {
        return send("POST", path, body);
    }

    /** A PATCH with a JSON body, as SetRemoteName is. */
    Answer patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    /** {@code method} with {@code body} as JSON (PUT of credentials, say). */
    Answer send(String method, String path, Object body) {
        try {
            return send(request(path).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(Json.wire().writeValueAsString(body))));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + body + " as JSON", e);
        }
    }

    /** A bodiless DELETE. */
    Answer delete(String path) {
        return send(request(path).DELETE());
    }

    /**
     * The job's event stream when the node has one (200 {@code text/event-stream}); empty when it
     * answers anything else, so that the caller polls instead.
     */
    Optional<EventStream> events(String jobPath) {
        HttpRequest request = request(jobPath + "/events").setHeader("Accept", "text/event-stream").GET().build();
        HttpResponse<Stream<String>> response = exchange(request, HttpResponse.BodyHandlers.ofLines());
        boolean stream = response.statusCode() == 200 && response.headers().firstValue("Content-Type")
                .orElse("").startsWith("text/event-stream");
        if (!stream) {
            response.body().close();
            return Optional.empty();
        }
        return Optional.of(new EventStream(response.body()));
    }

    private Answer send(HttpRequest.Builder request) {
        HttpResponse<String> response = exchange(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw Failures.refusal(base, response);
        }
        return Answer.of(response.body());
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return HTTP.send(request, handler);
        } catch (IOException e) {
            throw Failures.unreachable(base, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.interrupted();
        }
    }

    private HttpRequest.Builder request(String path) {
        String root = base.toString().replaceAll("/+$", "");
        return HttpRequest.newBuilder(URI.create(root + path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token);
    }
}
