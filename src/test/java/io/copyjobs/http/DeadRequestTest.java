package io.copyjobs.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.javalin.Javalin;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The generic exception handler on a real Javalin and Jetty, called for a request that Jetty has
 * finished and recycled already (its server stopped while the request waited): Javalin then fails
 * reading the dead request, and a handler that failed in turn made it try again without end.
 */
class DeadRequestTest {

    @Test
    void a_request_finished_by_jetty_ends_without_a_warning_when_its_future_completes() {
        CompletableFuture<Object> pending = new CompletableFuture<>();
        AtomicBoolean waiting = new AtomicBoolean();
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.get("/wait", ctx -> {
                waiting.set(true);
                ctx.future(() -> pending);
            });
            cfg.routes.exception(Exception.class, HttpServer::unexpected);
        }).start(0);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        try {
            HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/wait"))
                    .build(), HttpResponse.BodyHandlers.discarding());
            await().atMost(Duration.ofSeconds(30)).untilTrue(waiting);
            app.stop();

            Thread completer = new Thread(() -> pending.complete("late"), "test-completer");
            completer.setDaemon(true);
            completer.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> !completer.isAlive());
            synchronized (logs) {
                assertThat(logs.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                        .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
            }
        } finally {
            root.detachAppender(logs);
        }
    }
}
