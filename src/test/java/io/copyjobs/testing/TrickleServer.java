package io.copyjobs.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A slow origin on loopback: every path is a file of {@code size} bytes, answered 200 with its
 * length and then sent one byte per {@code period}, so that a transfer stays in TRANSFERRING and
 * reports progress for as long as a test measures what that progress costs.
 */
public final class TrickleServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "trickle-server");
        t.setDaemon(true);
        return t;
    });
    private final long size;
    private final long periodNanos;
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean closed;

    public TrickleServer(long size, Duration period) {
        this.size = size;
        this.periodNanos = period.toNanos();
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Body bytes sent so far, to every client. */
    public long sent() {
        return sent.get();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.sendResponseHeaders(200, size);
            OutputStream out = exchange.getResponseBody();
            for (long i = 0; i < size && !closed; i++) {
                // The origin's own pace, not a test waiting for a condition.
                LockSupport.parkNanos(periodNanos);
                out.write('x');
                out.flush();
                sent.incrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
