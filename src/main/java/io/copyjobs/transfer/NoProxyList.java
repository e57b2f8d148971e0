package io.copyjobs.transfer;

import io.copyjobs.job.BypassEntry;
import io.copyjobs.job.Cidr;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A bypass list ({@code COPYJOBS_NO_PROXY} or a job's {@code options.proxy.bypass}), read by
 * {@link BypassEntry}: which hosts go straight to the origin rather than through the proxy. Names
 * match by suffix, address entries match only hosts written as IP literals (nothing is resolved
 * here: the deny list does its own resolving, and curl's NO_PROXY does none either).
 */
final class NoProxyList {
    static final NoProxyList EMPTY = new NoProxyList(List.of());

    private final List<BypassEntry> entries;
    /** The blocks of the address entries, parsed once rather than on every request. */
    private final List<Cidr> blocks;

    private NoProxyList(List<BypassEntry> entries) {
        this.entries = List.copyOf(entries);
        this.blocks = entries.stream().filter(e -> e.kind() == BypassEntry.Kind.ADDRESS).map(e -> Cidr.parse(e.value()))
                .toList();
    }

    static NoProxyList of(List<BypassEntry> entries) {
        return entries.isEmpty() ? EMPTY : new NoProxyList(entries);
    }

    /** The list of a job's bypass entries, which JobRules let in only well-formed. */
    static NoProxyList parse(List<String> entries) {
        return of(entries.stream().map(BypassEntry::parse).toList());
    }

    /** True when a request to {@code uriHost} (as {@link java.net.URI#getHost()} gives it) goes direct. */
    boolean bypasses(String uriHost) {
        String host = normalised(uriHost);
        boolean literal = Cidr.looksLikeAddress(host);
        Optional<InetAddress> address = literal ? literal(host) : Optional.empty();
        return entries.stream().anyMatch(entry -> switch (entry.kind()) {
            case ANY -> true;
            case LOCAL -> !literal && host.indexOf('.') < 0;
            case DOMAIN -> !literal && (host.equals(entry.value()) || host.endsWith("." + entry.value()));
            case ADDRESS -> false;
        }) || address.isPresent() && blocks.stream().anyMatch(block -> block.contains(address.get()));
    }

    private static Optional<InetAddress> literal(String host) {
        try {
            return Optional.of(InetAddress.getByName(host)); // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static String normalised(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
