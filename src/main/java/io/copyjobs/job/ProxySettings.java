package io.copyjobs.job;

import java.util.List;

/**
 * Which proxy a job's transfers go through (BITS SetProxySettings). {@code proxies} and
 * {@code bypass} are for {@link Usage#OVERRIDE} only: {@code host:port} entries, and host names or
 * {@code *.suffix} patterns that go direct.
 */
public record ProxySettings(Usage usage, List<String> proxies, List<String> bypass) {

    /** BG_JOB_PROXY_USAGE, without autodetection (there is no WPAD on a server fleet). */
    public enum Usage {
        /** The node's proxy: COPYJOBS_HTTP_PROXY and COPYJOBS_NO_PROXY. */
        PRECONFIG,
        /** Straight to the origin, whatever the node's default. */
        NO_PROXY,
        /** The job's own proxy list and bypass list. */
        OVERRIDE
    }

    /** The default of every job: the node's proxy. */
    public static final ProxySettings PRECONFIG = new ProxySettings(Usage.PRECONFIG, List.of(), List.of());

    public ProxySettings {
        usage = usage == null ? Usage.PRECONFIG : usage;
        proxies = proxies == null ? List.of() : List.copyOf(proxies);
        bypass = bypass == null ? List.of() : List.copyOf(bypass);
    }
}
