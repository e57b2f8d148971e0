package io.copyjobs.http;

import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.JobState;
import io.copyjobs.job.Operation;
import io.copyjobs.job.Rejection;
import io.copyjobs.json.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The web console under {@code /console}: static pages from the jar that call the same
 * {@code /v1} API with the signed-in person's token, so the console can show nothing the API
 * would not. The pages carry no secrets and need no token; every answer forbids inline code,
 * framing, sniffing and Referers, and none allows another origin (no CORS headers).
 */
public final class ConsoleRoutes implements RouteGroup {
    /** Scripts, styles and API calls from this origin only; nothing inline, no frames, no plugins. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final String ROOT = "/console/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8");
    private static final List<String> ASSETS = List.of("index.html", "console.css", "api.js", "app.js", "views.js",
            "job.js", "dom.js");
    private final Map<String, byte[]> assets = new LinkedHashMap<>();

    /** @param grafanaUrl where the fleet page links the Grafana dashboards; empty for no links */
    public ConsoleRoutes(String grafanaUrl) {
        ASSETS.forEach(name -> assets.put(name, resource(name)));
        assets.put("operations.json", Json.bytes(operations()));
        assets.put("settings.json", Json.bytes(Map.of("grafanaUrl", grafanaUrl)));
    }

    @Override
    public void addTo(RoutesConfig routes) {
        // Javalin ignores trailing slashes: "/console" and "/console/" are one route.
        routes.get("/console", ctx -> send(ctx, "index.html", assets.get("index.html")));
        routes.get("/console/{asset}", this::asset);
    }

    private void asset(Context ctx) {
        String name = ctx.pathParam("asset");
        byte[] body = assets.get(name);
        if (body == null) {
            throw new ProblemException(Rejection.of(ErrorCode.DO_E_NOT_FOUND,
                    "the console has no file " + Requests.abbreviate(name)), 404);
        }
        send(ctx, name, body);
    }

    private static void send(Context ctx, String name, byte[] body) {
        headers(ctx);
        String ext = name.substring(name.lastIndexOf('.') + 1);
        ctx.contentType(TYPES.getOrDefault(ext, Responses.JSON)).result(body);
    }

    /** The headers of every console answer. */
    static void headers(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        // Revalidated on every load: a node upgraded in place serves its new console at once.
        ctx.header("Cache-Control", "no-cache");
    }

    /**
     * The operations a person may send and the states each is allowed in, from {@link Operation}:
     * the console disables a button the state machine would refuse without a copy of the table.
     */
    static Map<String, Object> operations() {
        Map<String, Object> ops = new LinkedHashMap<>();
        for (Operation op : Operation.values()) {
            if (op.sender() == Operation.Sender.ENGINE || op == Operation.CREATE_JOB) {
                continue;
            }
            List<String> states = Arrays.stream(JobState.values()).filter(op::allowedIn).map(Enum::name).toList();
            ops.put(op.wireName(), Map.of("sender", op.sender().name(), "allowedIn", states));
        }
        return ops;
    }

    private static byte[] resource(String name) {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks the console's " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
