package io.copyjobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.json.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests written byte by byte on a socket, for what no HTTP client will send: broken chunked
 * framing, HTTP/1.0 with Transfer-Encoding, unknown versions, raw braces, bodies cut off.
 */
public final class RawHttp {
    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.[01] (\\d{3}) .*");
    private static final int READ_TIMEOUT_MS = 30_000;

    private RawHttp() {
    }

    /** An answer: status, header block (lower-cased names) and body. */
    public record Answer(int status, String headers, String body) {
        public String header(String name) {
            Matcher m = Pattern.compile("(?m)^" + name.toLowerCase(Locale.ROOT) + ": *(.*?)\r?$").matcher(headers);
            return m.find() ? m.group(1) : null;
        }

        public JsonNode json() {
            try {
                return Json.wire().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Sends {@code request} as is and reads the answer until the node closes the connection. */
    public static Answer send(int port, byte[] request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(READ_TIMEOUT_MS);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            try {
                socket.getInputStream().transferTo(in);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no complete answer in " + READ_TIMEOUT_MS + " ms: " + in, e);
            }
            return parse(in.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Answer send(int port, String request) {
        return send(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Writes the start of a request and hangs up: the node sees a body that never ends. The
     * socket is closed with a reset, as a client that dies does.
     */
    public static void hangUp(int port, String partialRequest) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(partialRequest.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request with the given start line and headers, {@code Connection: close} added. */
    public static String request(String startLine, String token, String... headers) {
        StringBuilder b = new StringBuilder(startLine).append("\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        if (token != null) {
            b.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return b.append("\r\n").toString();
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, eol).trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }

    /** {@code raw} holds one char per byte (ISO-8859-1), so chunk sizes count right. */
    private static Answer parse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError("not an HTTP answer: '" + raw + "'");
        }
        String head = raw.substring(0, end);
        String firstLine = head.split("\r\n", 2)[0];
        Matcher m = STATUS.matcher(firstLine);
        if (!m.matches()) {
            throw new AssertionError("not a status line: " + firstLine);
        }
        String headers = head.substring(firstLine.length()).toLowerCase(Locale.ROOT);
        String body = raw.substring(end + 4);
        String bytes = headers.contains("\ntransfer-encoding: chunked") ? dechunk(body) : body;
        return new Answer(Integer.parseInt(m.group(1)), headers,
                new String(bytes.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }
}
