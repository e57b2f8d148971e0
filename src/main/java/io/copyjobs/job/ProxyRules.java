package io.copyjobs.job;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The input rules of a job's proxy settings (BITS SetProxySettings): OVERRIDE needs a proxy list of
 * {@code http://host:port} entries ({@link ProxyAddress}) and may have a bypass list
 * ({@link BypassEntry}); PRECONFIG and NO_PROXY take neither list, as BITS refuses one there with
 * E_INVALIDARG rather than ignore it. The lists are short: a job fits one Kafka record.
 */
final class ProxyRules {
    static final int MAX_PROXIES = 8;
    static final int MAX_BYPASS = 64;
    static final int MAX_ENTRY_CHARS = 255;

    private ProxyRules() {
    }

    /** The first problem with {@code proxy} (null: not sent). */
    static Optional<Rejection> check(ProxySettings proxy) {
        if (proxy == null) {
            return Optional.empty();
        }
        if (proxy.usage() != ProxySettings.Usage.OVERRIDE) {
            if (!proxy.proxies().isEmpty() || !proxy.bypass().isEmpty()) {
                return invalid("options.proxy", "proxies and bypass are for usage OVERRIDE only, not "
                        + proxy.usage());
            }
            return Optional.empty();
        }
        if (proxy.proxies().isEmpty()) {
            return invalid("options.proxy.proxies", "OVERRIDE needs at least one proxy such as http://proxy:3128");
        }
        Optional<Rejection> proxies = entries(proxy.proxies(), "options.proxy.proxies", MAX_PROXIES,
                ProxyAddress::parse);
        return proxies.isPresent() ? proxies
                : entries(proxy.bypass(), "options.proxy.bypass", MAX_BYPASS, BypassEntry::parse);
    }

    private static Optional<Rejection> entries(List<String> entries, String field, int max, Consumer<String> parse) {
        if (entries.size() > max) {
            return invalid(field, "at most " + max + " entries, not " + entries.size());
        }
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            String at = field + "[" + i + "]";
            if (entry == null || entry.isBlank()) {
                return invalid(at, "may not be empty");
            }
            if (entry.length() > MAX_ENTRY_CHARS) {
                return invalid(at, "longer than " + MAX_ENTRY_CHARS + " characters");
            }
            try {
                parse.accept(entry);
            } catch (IllegalArgumentException e) {
                return invalid(at, e.getMessage());
            }
        }
        return Optional.empty();
    }

    private static Optional<Rejection> invalid(String field, String why) {
        return Optional.of(Rejection.invalidArg(field, why));
    }
}
