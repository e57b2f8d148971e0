package io.copyjobs.transfer;

import io.copyjobs.config.NodeProxy;
import io.copyjobs.job.ProxyAddress;
import io.copyjobs.job.ProxySettings;

import java.net.URI;
import java.util.Optional;

/**
 * The proxy one request goes through, by the job's proxy usage (BITS SetProxySettings): PRECONFIG
 * takes the node's proxy unless {@code COPYJOBS_NO_PROXY} lists the host; NO_PROXY goes direct;
 * OVERRIDE takes the first of the job's proxies unless its bypass list lists the host. The other
 * entries of a job's list are kept for a later failover; copyjobs uses the first.
 *
 * @param proxy    the proxy to go through
 * @param fromNode true for the node's own proxy, an operator's choice (see {@link Connector} on the deny list)
 */
record ProxyChoice(ProxyAddress proxy, boolean fromNode) {

    /** Where a request to {@code hop} goes: through a proxy, or direct (empty). */
    static Optional<ProxyChoice> of(URI hop, ProxySettings job, NodeProxy node, NoProxyList nodeBypass) {
        ProxySettings settings = job == null ? ProxySettings.PRECONFIG : job;
        return switch (settings.usage()) {
            case NO_PROXY -> Optional.empty();
            case PRECONFIG -> node.address().filter(p -> !nodeBypass.bypasses(hop.getHost()))
                    .map(p -> new ProxyChoice(p, true));
            case OVERRIDE -> settings.proxies().isEmpty() || NoProxyList.parse(settings.bypass()).bypasses(hop.getHost())
                    ? Optional.empty()
                    : Optional.of(new ProxyChoice(ProxyAddress.parse(settings.proxies().get(0)), false));
        };
    }
}
