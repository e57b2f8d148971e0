package io.copyjobs.job;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A forward proxy as a job ({@code options.proxy.proxies}) or a node ({@code COPYJOBS_HTTP_PROXY})
 * names it: {@code http://host:port}, or {@code host:port} for short. Only plain-HTTP proxies: the
 * JDK's client speaks HTTP to its proxy (HTTPS origins go through it with {@code CONNECT}). The
 * port is required (proxies have no common default) and the text may hold no user name or password:
 * credentials go in {@code options.proxyCredentials}, where they are sealed, never in a URL that
 * would show in every answer.
 *
 * @param host a name, an IPv4 address or an IPv6 address in brackets, as {@link URI#getHost()} gives it
 */
public record ProxyAddress(String host, int port) {

    /**
     * Reads a proxy entry.
     *
     * @throws IllegalArgumentException saying what is wrong with it, without naming a field
     */
    public static ProxyAddress parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        URI uri;
        try {
            uri = new URI(trimmed.contains("://") ? trimmed : "http://" + trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a proxy URL such as http://proxy:3128");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            throw new IllegalArgumentException("'" + scheme + "' proxies are not supported, only http://host:port"
                    + " (HTTPS origins are reached through an http proxy with CONNECT)");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("may not hold a user name or password: proxy credentials are never part of its URL");
        }
        if (uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > 65535) {
            throw new IllegalArgumentException("'" + trimmed + "' is not http://host:port with a port from 1 to 65535");
        }
        boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                && uri.getRawQuery() == null && uri.getRawFragment() == null;
        if (!bare) {
            throw new IllegalArgumentException("'" + trimmed + "' may have no path, query or fragment");
        }
        return new ProxyAddress(uri.getHost().toLowerCase(Locale.ROOT), uri.getPort());
    }

    /** The host without the brackets of an IPv6 literal, to connect to or resolve. */
    public String bareHost() {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    public String toString() {
        return "http://" + host + ":" + port;
    }
}
