package io.copyjobs.transfer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP file server for the transfer tests, on a loopback address and a free port. It serves
 * one file at {@code /file} with ranges, ETag, Last-Modified and If-Range, and can be told to
 * misbehave: drop the connection or stall after some bytes, ignore ranges or If-Range, answer
 * given statuses, redirect a path. It counts the body bytes it sends and the Range headers it receives.
 */
final class FileServer implements AfterEachCallback {
    /** How much the server writes at a time: "one buffer" in the resume tests. */
    static final int CHUNK = 16 * 1024;
    static final String LAST_MODIFIED = "Wed, 21 Oct 2015 07:28:00 GMT";
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicLong dropAfter = new AtomicLong(-1);
    private final AtomicLong stallAfter = new AtomicLong(-1);
    private final AtomicLong bytesSent = new AtomicLong();
    private final Queue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Map<String, List<String>>> received = new CopyOnWriteArrayList<>();
    private volatile byte[] content = new byte[0];
    private volatile String etag;
    volatile boolean ignoreRanges;
    volatile boolean ignoreIfRange;
    volatile boolean withoutLength;

    /** What the server saw of one request for the file: its Range and If-Range, "" when absent. */
    record Request(String range, String ifRange) {
    }

    private FileServer(String address) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 0);
        server.setExecutor(executor);
        server.createContext("/file", this::serveFile);
        server.start();
    }

    /**
     * A running server on {@code address}, such as 127.0.0.1 or 127.0.0.2 (Linux answers on all of
     * 127/8). As a {@code @RegisterExtension} field it serves one test and stops after it.
     */
    static FileServer on(String address) {
        try {
            return new FileServer(address);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port, also for a server on the wildcard address, whose {@link #url} names no host to reach. */
    int port() {
        return server.getAddress().getPort();
    }

    URI url(String path) {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort() + path);
    }

    /** Serves this content from now on, with this ETag (null for none). */
    FileServer serve(byte[] bytes, String tag) {
        content = bytes.clone();
        etag = tag;
        return this;
    }

    void answerNext(int status) {
        statuses.add(status);
    }

    /** The next answer closes the connection once it has sent this many body bytes. */
    void dropOnceAfter(long bytes) {
        dropAfter.set(bytes);
    }

    /** The next answer sends this many body bytes, then nothing until the server closes. */
    void stallOnceAfter(long bytes) {
        stallAfter.set(bytes);
    }

    void redirect(String from, int status, String location) {
        server.createContext(from, exchange -> {
            requests.add(new Request("", ""));
            received.add(Map.copyOf(exchange.getRequestHeaders()));
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
    }

    /** Makes {@code path} a URL that accepts requests and never answers until the server closes. */
    void silent(String path) {
        server.createContext(path, exchange -> {
            requests.add(new Request("", ""));
            awaitRelease();
            exchange.close();
        });
    }

    long bytesSent() {
        return bytesSent.get();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Every header of every request the file and redirect URLs received, names as the server spells them. */
    List<Map<String, List<String>>> received() {
        return List.copyOf(received);
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    private void serveFile(HttpExchange exchange) throws IOException {
        String range = header(exchange, "Range");
        String ifRange = header(exchange, "If-Range");
        requests.add(new Request(range, ifRange));
        received.add(Map.copyOf(exchange.getRequestHeaders()));
        Integer status = statuses.poll();
        if (status != null) {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        byte[] body = content;
        long start = rangeStart(range, ifRange);
        if (start > 0 && start >= body.length) {
            exchange.getResponseHeaders().add("Content-Range", "bytes */" + body.length);
            exchange.sendResponseHeaders(416, -1);
            exchange.close();
            return;
        }
        sendHeaders(exchange, body.length, start);
        sendBody(exchange, body, (int) start);
    }

    private long rangeStart(String range, String ifRange) {
        Matcher matcher = RANGE.matcher(range);
        boolean current = ignoreIfRange || ifRange.isEmpty() || ifRange.equals(etag) || ifRange.equals(LAST_MODIFIED);
        return !ignoreRanges && current && matcher.matches() ? Long.parseLong(matcher.group(1)) : 0;
    }

    private void sendHeaders(HttpExchange exchange, int length, long start) throws IOException {
        if (etag != null) {
            exchange.getResponseHeaders().add("ETag", etag);
        }
        exchange.getResponseHeaders().add("Last-Modified", LAST_MODIFIED);
        exchange.getResponseHeaders().add("Accept-Ranges", "bytes");
        if (start > 0) {
            exchange.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + (length - 1) + "/" + length);
        }
        exchange.sendResponseHeaders(start > 0 ? 206 : 200, withoutLength ? 0 : length - start);
    }

    private void sendBody(HttpExchange exchange, byte[] body, int start) throws IOException {
        long drop = dropAfter.getAndSet(-1);
        long stall = stallAfter.getAndSet(-1);
        OutputStream out = exchange.getResponseBody();
        for (int position = start; position < body.length; position += CHUNK) {
            long sent = position - start;
            if (drop >= 0 && sent >= drop) {
                out.flush();
                exchange.close(); // fewer bytes than Content-Length: the server closes the connection
                return;
            }
            if (stall >= 0 && sent >= stall) {
                out.flush();
                awaitRelease();
                stall = -1;
            }
            int n = Math.min(CHUNK, body.length - position);
            out.write(body, position, n);
            bytesSent.addAndGet(n);
        }
        exchange.close();
    }

    private void awaitRelease() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String header(HttpExchange exchange, String name) {
        String value = exchange.getRequestHeaders().getFirst(name);
        return value == null ? "" : value;
    }
}
