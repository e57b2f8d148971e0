package io.copyjobs.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/** A peer that answers any range of its bytes with a 206 for all of it, then sends a byte every 50 ms. */
final class TricklingPeer implements AutoCloseable {
    private final HttpServer server;
    private final byte[] bytes;
    private final AtomicLong sent = new AtomicLong();

    TricklingPeer(byte[] bytes) {
        this.bytes = bytes.clone();
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "trickling-peer");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::trickle);
        server.start();
    }

    /** Its name, as nodes name each other. */
    String name() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    long sent() {
        return sent.get();
    }

    private void trickle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String range = exchange.getRequestHeaders().getFirst("Range");
            long from = Long.parseLong(range.substring("bytes=".length(), range.indexOf('-')));
            exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (bytes.length - 1) + "/" + bytes.length);
            exchange.sendResponseHeaders(206, bytes.length - from);
            OutputStream out = exchange.getResponseBody();
            for (long pos = from; pos < bytes.length; pos++) {
                out.write(bytes[(int) pos]);
                out.flush();
                sent.incrementAndGet();
                // The test server's own pace, not a wait for a condition.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
