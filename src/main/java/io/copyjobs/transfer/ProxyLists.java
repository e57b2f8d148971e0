package io.copyjobs.transfer;

import io.copyjobs.job.ProxySettings;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parsed proxy lists of the jobs a node transfers, one per {@link ProxySettings} value: a hop
 * parses nothing (the bypass list's address blocks, the proxies' URLs), and jobs with the same
 * settings share what they learnt of which proxy answers. At most {@value #MAX_LISTS} are kept, the
 * least recently used dropped first; one dropped is parsed again, its preferred proxy forgotten.
 */
final class ProxyLists {
    static final int MAX_LISTS = 64;

    private final Map<ProxySettings, ProxyList> lists = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ProxySettings, ProxyList> eldest) {
            return size() > MAX_LISTS;
        }
    };

    /** The parsed form of {@code settings}, an OVERRIDE job's. */
    ProxyList of(ProxySettings settings) {
        synchronized (lists) {
            return lists.computeIfAbsent(settings, ProxyList::new);
        }
    }

    /** How many lists are kept, for the tests. */
    int size() {
        synchronized (lists) {
            return lists.size();
        }
    }
}
