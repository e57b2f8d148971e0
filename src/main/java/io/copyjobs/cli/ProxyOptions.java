package io.copyjobs.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * The proxy options of {@code create} and {@code transfer} (BITS SetProxySettings): {@code --proxy}
 * gives the job its own proxy list (OVERRIDE) and {@code --proxy-bypass} the hosts that go direct;
 * {@code --no-proxy} sends the job straight to its origins whatever the node's proxy. With neither,
 * the job takes the node's proxy (PRECONFIG). The node checks the entries; this only assembles them.
 */
final class ProxyOptions {
    @Option(names = "--proxy", paramLabel = "URL", split = ",",
            description = "the job's own proxy, http://host:port (repeatable or a comma list; tried in order, the next when one fails)")
    List<String> proxies = new ArrayList<>();

    @Option(names = "--proxy-bypass", paramLabel = "LIST", split = ",",
            description = "with --proxy: hosts that go direct (names, .domain, *.domain, IPs, CIDRs, <local>)")
    List<String> bypass = new ArrayList<>();

    @Option(names = "--no-proxy", description = "no proxy for this job, even if the node has one")
    boolean noProxy;

    /** The job's {@code options.proxy}, or null when none of these options was given. */
    Proxy read() {
        if (noProxy && !proxies.isEmpty()) {
            throw CliFailure.usage("--proxy and --no-proxy: give one or the other");
        }
        if (!bypass.isEmpty() && proxies.isEmpty()) {
            throw CliFailure.usage("--proxy-bypass needs --proxy (the node's own bypass list is COPYJOBS_NO_PROXY)");
        }
        if (noProxy) {
            return new Proxy("NO_PROXY", null, null);
        }
        return proxies.isEmpty() ? null : new Proxy("OVERRIDE", proxies, bypass.isEmpty() ? null : bypass);
    }

    /** CreateJob's {@code options.proxy}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Proxy(String usage, List<String> proxies, List<String> bypass) {
    }
}
