package io.copyjobs.http;

import io.javalin.config.RoutesConfig;

/**
 * Routes that one controller serves, which it adds to the server itself: a new route is one line
 * in the group that handles it. {@link HttpServer} adds the groups in the order given, and Javalin
 * tries a method's routes in the order they were added.
 */
public interface RouteGroup extends AutoCloseable {
    void addTo(RoutesConfig routes);

    /** Runs before the server stops, while requests can still be completed; nothing by default. */
    @Override
    default void close() {
    }
}
