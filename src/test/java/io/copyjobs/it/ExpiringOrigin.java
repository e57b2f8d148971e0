package io.copyjobs.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP origin on loopback whose URLs expire, as presigned URLs of a blob store do: a path
 * can be set to expire after some body bytes, when its answer breaks off and every later request
 * is refused with 403. Each path has its own bytes and ETag and is served with Range and If-Range,
 * at a limited rate when asked; the body bytes sent are counted per path.
 */
final class ExpiringOrigin implements AutoCloseable {
    static final int CHUNK = 16 * 1024;
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");
    private final HttpServer server;
    private final Map<String, Served> paths = new ConcurrentHashMap<>();

    /** One path's content, its ETag, what it has sent, and after how many more bytes it expires (-1: never). */
    private record Served(byte[] body, String etag, long bytesPerSecond, AtomicLong sent, AtomicLong expiresAfter) {
        boolean expired() {
            return expiresAfter.get() == 0;
        }
    }

    ExpiringOrigin() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "expiring-origin");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::serve);
        server.start();
    }

    /** Serves {@code body} at {@code path} with {@code etag}, at most {@code bytesPerSecond} (0: no limit). */
    void serve(String path, byte[] body, String etag, long bytesPerSecond) {
        paths.put(path, new Served(body.clone(), etag, bytesPerSecond, new AtomicLong(), new AtomicLong(-1)));
    }

    /** The path's answers break off once it has sent {@code bytes} more body bytes; from then on it answers 403. */
    void expireAfter(String path, long bytes) {
        paths.get(path).expiresAfter().set(bytes);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The body bytes sent for {@code path} so far. */
    long sent(String path) {
        return paths.get(path).sent().get();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Served served = paths.get(exchange.getRequestURI().getPath());
            if (served == null || served.expired()) {
                exchange.sendResponseHeaders(served == null ? 404 : 403, -1);
                return;
            }
            byte[] body = served.body();
            exchange.getResponseHeaders().set("ETag", served.etag());
            exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
            String range = exchange.getRequestHeaders().getFirst("Range");
            String ifRange = exchange.getRequestHeaders().getFirst("If-Range");
            Matcher m = range == null ? null : RANGE.matcher(range);
            int from = 0;
            if (m != null && m.matches() && (ifRange == null || ifRange.equals(served.etag()))) {
                from = Integer.parseInt(m.group(1));
                exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/"
                        + body.length);
                exchange.sendResponseHeaders(206, body.length - from);
            } else {
                exchange.sendResponseHeaders(200, body.length);
            }
            write(exchange.getResponseBody(), served, from);
        }
    }

    private static void write(OutputStream out, Served served, int from) throws IOException {
        long start = System.nanoTime();
        long written = 0;
        byte[] body = served.body();
        for (int off = from; off < body.length; off += CHUNK) {
            int len = Math.min(CHUNK, body.length - off);
            long left = served.expiresAfter().get();
            if (left >= 0 && len >= left) {
                out.write(body, off, (int) left);
                served.sent().addAndGet(left);
                served.expiresAfter().set(0);
                out.flush();
                throw new IOException("the URL expired mid-answer");
            }
            out.write(body, off, len);
            out.flush();
            written += len;
            served.sent().addAndGet(len);
            served.expiresAfter().getAndUpdate(n -> n < 0 ? n : n - len);
            pace(served.bytesPerSecond(), start, written);
        }
    }

    /** Holds the writer back to the path's rate: the origin's own throttle, not a wait for a condition. */
    private static void pace(long rate, long start, long written) {
        if (rate <= 0) {
            return;
        }
        long ahead = start + written * 1_000_000_000L / rate - System.nanoTime();
        if (ahead > 0) {
            LockSupport.parkNanos(ahead);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
