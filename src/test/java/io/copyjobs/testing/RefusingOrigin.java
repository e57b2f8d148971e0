package io.copyjobs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * An origin that refuses every connection: a loopback port bound a moment ago and closed again,
 * so nothing listens there (and the ephemeral range is large, so nothing else takes it soon).
 */
public final class RefusingOrigin {
    private RefusingOrigin() {
    }

    /** {@code http://127.0.0.1:<port>} followed by {@code path}. */
    public static String url(String path) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort() + path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
