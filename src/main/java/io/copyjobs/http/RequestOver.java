package io.copyjobs.http;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;

import java.util.function.Consumer;

/**
 * Jetty's word that an asynchronous request is over (completed, failed, timed out): from then on
 * its response may be recycled for another request and must not be touched. Hands on what ended it.
 */
final class RequestOver implements AsyncListener {
    private final Consumer<String> over;

    RequestOver(Consumer<String> over) {
        this.over = over;
    }

    @Override
    public void onComplete(AsyncEvent event) {
        over.accept("the request completed");
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        over.accept("the request timed out");
    }

    @Override
    public void onError(AsyncEvent event) {
        over.accept("the request failed: " + event.getThrowable());
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // the request is asynchronous already
    }
}
