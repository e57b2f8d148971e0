package io.copyjobs.transfer;

import io.copyjobs.config.NodeProxy;
import io.copyjobs.job.ProxyAddress;
import io.copyjobs.job.ProxySettings;

import java.net.URI;
import java.util.List;

/**
 * A proxy one request may go through, by the job's proxy usage (BITS SetProxySettings): PRECONFIG
 * takes the node's proxy unless {@code COPYJOBS_NO_PROXY} lists the host; NO_PROXY goes direct;
 * OVERRIDE takes the job's proxies, in order ({@link ProxyList}), unless its bypass list lists the host.
 *
 * @param proxy the proxy to go through
 * @param list  the job's list it is from; null for the node's own proxy, an operator's choice (see
 *              {@link Connector} on the deny list)
 */
record ProxyChoice(ProxyAddress proxy, ProxyList list) {

    /** The proxies a request to {@code hop} tries, in order; none: it goes direct. */
    static List<ProxyChoice> of(URI hop, ProxySettings job, NodeProxy node, NoProxyList nodeBypass, ProxyLists lists) {
        ProxySettings settings = job == null ? ProxySettings.PRECONFIG : job;
        return switch (settings.usage()) {
            case NO_PROXY -> List.of();
            case PRECONFIG -> node.address().filter(p -> !nodeBypass.bypasses(hop.getHost()))
                    .map(p -> List.of(new ProxyChoice(p, null))).orElse(List.of());
            case OVERRIDE -> lists.of(settings).choices(hop.getHost());
        };
    }

    /** True for the node's own proxy. */
    boolean fromNode() {
        return list == null;
    }

    /** The proxy answered (whatever it answered): the job's next request tries it first. */
    void answered() {
        if (list != null) {
            list.answered(proxy);
        }
    }
}
