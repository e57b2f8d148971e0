package io.copyjobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.json.Json;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;

/**
 * Turns what went wrong on the way to a node into the line a person reads: the node's own code
 * and detail from its problem+json answer (SPEC §3), a hint on what to do, and the exit code.
 */
final class Failures {

    private Failures() {
    }

    static CliFailure unreachable(URI base, IOException e) {
        return new CliFailure(CliFailure.UNREACHABLE, "cannot reach the node at " + base + " (" + reason(base, e)
                + "); check --url or COPYJOBS_URL, and that the node is running", Exit.UNUSABLE);
    }

    /** The JDK's client throws {@code ConnectException}s with no message: their causes tell what happened. */
    private static String reason(URI base, IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within " + NodeApi.CONNECT_TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + NodeApi.REQUEST_TIMEOUT.toSeconds() + " s";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException) {
                return "unknown host " + base.getHost();
            }
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** A non-2xx answer: 401 and 5xx mean nothing was decided (exit 2), any other 4xx is a refusal (exit 1). */
    static CliFailure refusal(URI base, HttpResponse<String> response) {
        int status = response.statusCode();
        JsonNode problem = problem(response.body());
        String code = problem.path("code").asText("");
        if (code.isEmpty()) {
            return new CliFailure(CliFailure.UNEXPECTED, "HTTP " + status + " from " + base
                    + ", which does not look like a copyjobs node; check --url or COPYJOBS_URL", Exit.UNUSABLE);
        }
        String detail = problem.path("detail").asText(problem.path("title").asText("HTTP " + status));
        int exit = status == 401 || status >= 500 ? Exit.UNUSABLE : Exit.REFUSED;
        return new CliFailure(code, detail + hint(code, detail, base, response), exit);
    }

    /** What to do about it, unless the node's detail says so already. */
    private static String hint(String code, String detail, URI base, HttpResponse<String> response) {
        if (response.statusCode() == 401) {
            return "; the node at " + base + " rejects the credentials: check --token or COPYJOBS_TOKEN";
        }
        return switch (code) {
            case "DO_E_NOT_FOUND" -> "; check the GUID or whether it was purged";
            case "E_ACCESSDENIED" -> detail.contains("administrator") ? ""
                    : "; only the job's owner or an administrator may do that";
            case "BG_E_EMPTY" -> "; add files first (addfile)";
            case "BG_E_TOO_MANY_JOBS_PER_USER" -> "; complete or cancel some of your jobs first";
            case "CJ_E_UNAVAILABLE" -> "; try again in " + response.headers().firstValue("Retry-After").orElse("a few")
                    + " s";
            case "CJ_E_TIMEOUT" -> "; the command may still take effect: check with info";
            default -> "";
        };
    }

    private static JsonNode problem(String body) {
        try {
            return Json.wire().readTree(body);
        } catch (IOException e) {
            return Json.wire().missingNode();
        }
    }
}
