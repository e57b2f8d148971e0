package io.copyjobs.http;

import io.javalin.http.Context;

import java.util.Map;
import java.util.function.BooleanSupplier;

/** Liveness (the process answers) and readiness (the node can take and answer commands). */
final class HealthController {
    private final BooleanSupplier ready;

    HealthController(BooleanSupplier ready) {
        this.ready = ready;
    }

    void live(Context ctx) {
        Responses.json(ctx, 200, Map.of("status", "UP"));
    }

    void ready(Context ctx) {
        boolean up = ready.getAsBoolean();
        Responses.json(ctx, up ? 200 : 503, Map.of("status", up ? "UP" : "DOWN"));
    }
}
