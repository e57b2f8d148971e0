package io.copyjobs.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP file server on loopback for the transfer tests of whole nodes: files at paths of
 * their own, served with Range, ETag and If-Range, at a limited rate when asked (so a test can act
 * mid-file), and able to drop the connection once after some bytes. Counts the body bytes sent.
 */
final class FilesServer implements AutoCloseable {
    static final int CHUNK = 16 * 1024;
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");
    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> sent = new ConcurrentHashMap<>();
    private final AtomicLong dropAfter = new AtomicLong(-1);
    private final List<String> requested = Collections.synchronizedList(new ArrayList<>());
    private volatile long bytesPerSecond = Long.MAX_VALUE;
    /** Per path, the header line ({@code name: value}) a request must carry, as an origin that wants an API key. */
    private final Map<String, String> required = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();

    FilesServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "files-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::serve);
        server.start();
    }

    /** Serves {@code size} random bytes at {@code path}; returns their SHA-256 in hex. */
    String add(String path, int size) {
        byte[] bytes = new byte[size];
        new Random(path.hashCode()).nextBytes(bytes);
        files.put(path, bytes);
        sent.put(path, new AtomicLong());
        return sha256(bytes);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    byte[] content(String path) {
        return files.get(path).clone();
    }

    long sent(String path) {
        return sent.get(path).get();
    }

    /** The paths asked for, in the order the requests came. */
    List<String> requested() {
        synchronized (requested) {
            return List.copyOf(requested);
        }
    }

    /** Answers requests for {@code path} without header {@code name} of {@code value} with 401, and counts them. */
    void require(String path, String name, String value) {
        required.put(path, name + ": " + value);
        refused.put(path, new AtomicLong());
    }

    /** The requests for {@code path} refused for want of its required header. */
    long refused(String path) {
        return refused.get(path).get();
    }

    void rate(long perSecond) {
        bytesPerSecond = perSecond;
    }

    /** The next answer closes the connection once it has sent this many body bytes. */
    void dropOnceAfter(long bytes) {
        dropAfter.set(bytes);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            requested.add(path);
            byte[] body = files.get(path);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String header = required.get(path);
            if (header != null && !header.equals(header.substring(0, header.indexOf(':')) + ": "
                    + exchange.getRequestHeaders().getFirst(header.substring(0, header.indexOf(':'))))) {
                refused.get(path).incrementAndGet();
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            String etag = "\"" + sha256(body).substring(0, 16) + "\"";
            exchange.getResponseHeaders().set("ETag", etag);
            exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
            String range = exchange.getRequestHeaders().getFirst("Range");
            String ifRange = exchange.getRequestHeaders().getFirst("If-Range");
            Matcher m = range == null ? null : RANGE.matcher(range);
            long from = 0;
            if (m != null && m.matches() && (ifRange == null || ifRange.equals(etag))) {
                from = Long.parseLong(m.group(1));
                exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
                exchange.sendResponseHeaders(206, body.length - from);
            } else {
                exchange.sendResponseHeaders(200, body.length);
            }
            write(exchange.getResponseBody(), body, (int) from, sent.get(path), dropAfter.getAndSet(-1));
        }
    }

    private void write(OutputStream out, byte[] body, int from, AtomicLong counter, long drop) throws IOException {
        long start = System.nanoTime();
        long written = 0;
        for (int off = from; off < body.length; off += CHUNK) {
            int len = Math.min(CHUNK, body.length - off);
            if (drop >= 0 && written + len > drop) {
                throw new IOException("dropping the connection on purpose");
            }
            out.write(body, off, len);
            out.flush();
            written += len;
            counter.addAndGet(len);
            pace(start, written);
        }
    }

    /** Holds the writer back to the configured rate: the test server's own throttle, not a wait for a condition. */
    private void pace(long start, long written) {
        long rate = bytesPerSecond;
        if (rate == Long.MAX_VALUE) {
            return;
        }
        long due = start + written * 1_000_000_000L / rate;
        long ahead = due - System.nanoTime();
        if (ahead > 0) {
            LockSupport.parkNanos(ahead);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
