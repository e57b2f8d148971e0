package io.copyjobs.transfer;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a request that failed through a proxy goes on to the job's next proxy (BITS, WinHTTP: a
 * list of proxies tried in order): only when the proxy failed, not the origin, so that a failing
 * origin is not asked once per proxy and its error stays its own.
 *
 * <ul>
 *   <li>No connection to the proxy (refused, a connect timeout, a name that does not resolve): the
 *       client connects to the proxy only, never to the origin, so this is the proxy's failure.</li>
 *   <li>A {@code CONNECT} answered with a 5xx: the tunnel was not opened, so the origin said nothing;
 *       the proxy could not or would not carry the request (502/504: it cannot reach the origin, its
 *       way out may be broken where another proxy's is not; 503: it is overloaded). The JDK reports
 *       this only as {@code IOException("Tunnel failed, got: N")}. A {@code CONNECT} refused with a
 *       4xx (a policy, 403) is no failover: the proxies of one list usually share their policy.</li>
 *   <li>Not a failover: any answer to a plain-HTTP request through the proxy, a 502 or 503 too: a
 *       forward proxy passes the origin's own status on, and nothing tells one made by the proxy from
 *       one it relayed. Nor a 407 (fatal, BG_E_HTTP_ERROR_407), a timeout waiting for the answer
 *       (the request may have reached the origin), or a connection dropped after it was made.</li>
 * </ul>
 */
final class ProxyFailover {
    /** How the JDK's client reports a proxy's refusal of a tunnel other than a 407. */
    private static final Pattern TUNNEL_FAILED = Pattern.compile("Tunnel failed, got: (\\d{3})");
    /** Deep enough for the JDK's wrappers (CompletionException, IOException around the cause). */
    private static final int MAX_DEPTH = 5;

    private ProxyFailover() {
    }

    /** True when an exchange through a proxy that failed with {@code failure} tries the next proxy. */
    static boolean nextProxy(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException
                    || cause instanceof UnresolvedAddressException || tunnelRefused(cause.getMessage())) {
                return true;
            }
        }
        return false;
    }

    private static boolean tunnelRefused(String message) {
        Matcher tunnel = TUNNEL_FAILED.matcher(message == null ? "" : message);
        return tunnel.find() && tunnel.group(1).startsWith("5");
    }
}
