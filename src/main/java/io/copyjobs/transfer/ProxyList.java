package io.copyjobs.transfer;

import io.copyjobs.job.ProxyAddress;
import io.copyjobs.job.ProxySettings;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A job's own proxies and bypass list (OVERRIDE), parsed once per settings value ({@link ProxyLists}),
 * and which of the proxies carried the last request. As in WinHTTP (BITS SetProxySettings), the
 * proxies are tried in the order the job lists them; the one that last answered is tried first, so
 * that a request after a failover does not wait for a dead proxy again. It stays first until it
 * fails in turn: a proxy that comes back is tried again only then (no timer per proxy).
 */
final class ProxyList {
    private final List<ProxyAddress> proxies;
    private final NoProxyList bypass;
    /** The index of the proxy that last answered; the list's order after it. */
    private final AtomicInteger preferred = new AtomicInteger();

    /** The parsed lists of {@code settings}, which JobRules let in only well-formed. */
    ProxyList(ProxySettings settings) {
        this.proxies = settings.proxies().stream().map(ProxyAddress::parse).toList();
        this.bypass = NoProxyList.parse(settings.bypass());
    }

    /** The proxies a request to {@code uriHost} tries, in order; none when it goes direct. */
    List<ProxyChoice> choices(String uriHost) {
        if (proxies.isEmpty() || bypass.bypasses(uriHost)) {
            return List.of();
        }
        int first = preferred.get();
        List<ProxyChoice> order = new ArrayList<>(proxies.size());
        order.add(new ProxyChoice(proxies.get(first), this));
        for (int i = 0; i < proxies.size(); i++) {
            if (i != first) {
                order.add(new ProxyChoice(proxies.get(i), this));
            }
        }
        return order;
    }

    /** {@code proxy} answered a request: the next one tries it first. */
    void answered(ProxyAddress proxy) {
        int index = proxies.indexOf(proxy);
        if (index >= 0) {
            preferred.set(index);
        }
    }
}
