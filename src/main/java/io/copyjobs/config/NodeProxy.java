package io.copyjobs.config;

import io.copyjobs.job.BypassEntry;
import io.copyjobs.job.ProxyAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The node's default proxy, for jobs whose proxy usage is PRECONFIG (the default): {@code
 * COPYJOBS_HTTP_PROXY} ({@code http://proxy:3128}; empty: none) and {@code COPYJOBS_NO_PROXY}, the
 * hosts that go direct, written as curl and the JDK read {@code NO_PROXY} (a comma list of names,
 * {@code .domain} or {@code *.domain}, IP addresses and CIDR blocks; {@code *}: every host, so no
 * proxy at all). Read once at start-up, so that a bad value stops the node there.
 *
 * @param proxy   the proxy, or null: PRECONFIG jobs go direct
 * @param noProxy the hosts that go direct even so
 */
public record NodeProxy(ProxyAddress proxy, List<BypassEntry> noProxy) {
    /** No node proxy. */
    public static final NodeProxy NONE = new NodeProxy(null, List.of());
    static final String PROXY = "COPYJOBS_HTTP_PROXY";
    static final String NO_PROXY = "COPYJOBS_NO_PROXY";

    public NodeProxy {
        noProxy = List.copyOf(noProxy);
    }

    /** The proxy, if the node has one. */
    public Optional<ProxyAddress> address() {
        return Optional.ofNullable(proxy);
    }

    static NodeProxy read(Settings s) {
        String url = s.text(PROXY, "").trim();
        ProxyAddress proxy = null;
        if (!url.isEmpty()) {
            try {
                proxy = ProxyAddress.parse(url);
            } catch (IllegalArgumentException e) {
                // the message quotes the value only when it holds no user info, which could be a password
                throw new ConfigException(PROXY + ": " + e.getMessage());
            }
        }
        List<BypassEntry> bypass = new ArrayList<>();
        for (String entry : s.text(NO_PROXY, "").split(",")) {
            if (!entry.isBlank()) {
                bypass.add(entry(entry));
            }
        }
        return new NodeProxy(proxy, bypass);
    }

    private static BypassEntry entry(String text) {
        try {
            return BypassEntry.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(NO_PROXY + ": " + e.getMessage());
        }
    }
}
