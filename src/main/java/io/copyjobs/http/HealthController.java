package io.copyjobs.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.Map;
import java.util.function.BooleanSupplier;

/** Liveness (the process answers) and readiness (the node can take and answer commands). */
public final class HealthController implements RouteGroup {
    private final BooleanSupplier ready;

    public HealthController(BooleanSupplier ready) {
        this.ready = ready;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/health/live", this::live);
        routes.get("/health/ready", this::ready);
    }

    void live(Context ctx) {
        Responses.json(ctx, 200, Map.of("status", "UP"));
    }

    void ready(Context ctx) {
        boolean up = ready.getAsBoolean();
        Responses.json(ctx, up ? 200 : 503, Map.of("status", up ? "UP" : "DOWN"));
    }
}
