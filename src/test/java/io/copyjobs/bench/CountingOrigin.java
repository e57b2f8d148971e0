package io.copyjobs.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The origin of the cache bench: a real HTTP server on loopback serving files from disk (sizes of
 * hundreds of MiB that no heap should hold) with a strong ETag and {@code Range: bytes=N-} under
 * {@code If-Range}, as a download server answers a resume, and counting the body bytes it sends
 * for each path: what the fleet really cost the origin.
 */
final class CountingOrigin implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");
    private static final int BUFFER = 1 << 20;
    private final Path dir;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "counting-origin");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, AtomicLong> sent = new ConcurrentHashMap<>();

    CountingOrigin(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    /** Writes {@code size} pseudo-random bytes (a content of its own per {@code name}) to serve at /NAME; their SHA-256 in hex. */
    String add(String name, long size) throws IOException {
        MessageDigest digest = sha256();
        SplittableRandom random = new SplittableRandom(name.hashCode());
        ByteBuffer chunk = ByteBuffer.allocate(BUFFER);
        try (FileChannel out = FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long done = 0; done < size; done += chunk.limit()) {
                chunk.clear();
                while (chunk.remaining() >= Long.BYTES) {
                    chunk.putLong(random.nextLong());
                }
                chunk.flip().limit((int) Math.min(chunk.limit(), size - done));
                digest.update(chunk.duplicate());
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
        }
        sent.put("/" + name, new AtomicLong());
        return HexFormat.of().formatHex(digest.digest());
    }

    String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    /** Body bytes sent for /NAME so far, to every client, a connection cut mid-body included. */
    long sent(String name) {
        return sent.get("/" + name).get();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            AtomicLong counter = sent.get(exchange.getRequestURI().getPath());
            if (counter == null || !exchange.getRequestMethod().equals("GET")) {
                exchange.sendResponseHeaders(counter == null ? 404 : 405, -1);
                return;
            }
            Path file = dir.resolve(exchange.getRequestURI().getPath().substring(1));
            long size = Files.size(file);
            String etag = "\"" + file.getFileName() + "-" + size + "\"";
            exchange.getResponseHeaders().set("ETag", etag);
            exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
            long from = resumeOffset(exchange, etag);
            if (from > 0) {
                exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (size - 1) + "/" + size);
                exchange.sendResponseHeaders(206, size - from);
            } else {
                exchange.sendResponseHeaders(200, size);
            }
            send(file, from, exchange.getResponseBody(), counter);
        }
    }

    /** Where the answer starts: the Range asked for when its If-Range (if any) names this file, else 0. */
    private static long resumeOffset(HttpExchange exchange, String etag) {
        String range = exchange.getRequestHeaders().getFirst("Range");
        String ifRange = exchange.getRequestHeaders().getFirst("If-Range");
        Matcher m = range == null ? null : RANGE.matcher(range);
        return m != null && m.matches() && (ifRange == null || ifRange.equals(etag)) ? Long.parseLong(m.group(1)) : 0;
    }

    private static void send(Path file, long from, OutputStream out, AtomicLong counter) throws IOException {
        byte[] buffer = new byte[BUFFER];
        ByteBuffer wrapped = ByteBuffer.wrap(buffer);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long position = from;
            int n;
            while ((n = in.read(wrapped.clear(), position)) > 0) {
                out.write(buffer, 0, n);
                position += n;
                counter.addAndGet(n);
            }
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
