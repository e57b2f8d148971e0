package io.copyjobs.transfer;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where transfers may never connect (SPEC §8, {@code COPYJOBS_TRANSFER_DENY}): CIDR blocks of IPv4
 * and IPv6 addresses ({@code 127.0.0.0/8}, {@code fe80::/10}, a bare address is a block of one) and
 * host names ({@code metadata.google.internal}, matched exactly, ignoring case and a trailing dot).
 *
 * <p>Build it once with {@link #parse(List)} from {@code Config.transferDeny()} (where {@code none}
 * is already the empty list) and ask {@link #refusal(String)} before every connection and every
 * redirect hop. The check resolves the name itself and refuses when <em>any</em> address is denied,
 * so a name with one public and one loopback address cannot slip through. The JVM caches the
 * resolution (30 s by default), so the HTTP client that connects right after uses the addresses
 * checked here rather than a fresh, possibly rebound, answer.
 */
public final class AddressRules {
    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]*[a-z0-9])?");

    private final List<Cidr> blocks;
    private final Set<String> hostNames;

    private AddressRules(List<Cidr> blocks, Set<String> hostNames) {
        this.blocks = List.copyOf(blocks);
        this.hostNames = Set.copyOf(hostNames);
    }

    /**
     * Reads deny entries, each a CIDR block, an IP address or a host name.
     *
     * @throws IllegalArgumentException naming the first entry that is none of these
     */
    public static AddressRules parse(List<String> entries) {
        List<Cidr> blocks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String raw : entries) {
            String entry = raw.trim();
            if (Cidr.looksLikeAddress(entry)) {
                blocks.add(block(entry));
            } else if (HOST_NAME.matcher(normalised(entry)).matches()) {
                names.add(normalised(entry));
            } else {
                throw new IllegalArgumentException("COPYJOBS_TRANSFER_DENY: '" + raw
                        + "' is neither a CIDR block, an IP address nor a host name");
            }
        }
        return new AddressRules(blocks, names);
    }

    /**
     * Why a download may not connect to {@code host} (as {@link java.net.URI#getHost()} gives it,
     * IPv6 literals in brackets), or empty when the name and every address it resolves to are allowed.
     *
     * @throws UnknownHostException when the name does not resolve
     */
    public Optional<String> refusal(String host) throws UnknownHostException {
        String name = normalised(host);
        if (hostNames.contains(name)) {
            return Optional.of("the host " + name + " is on the deny list");
        }
        for (InetAddress address : InetAddress.getAllByName(name)) {
            for (Cidr block : blocks) {
                if (block.contains(address)) {
                    return Optional.of("the host " + name + " resolves to " + address.getHostAddress()
                            + ", inside the denied block " + block);
                }
            }
        }
        return Optional.empty();
    }

    private static Cidr block(String entry) {
        try {
            return Cidr.parse(entry);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("COPYJOBS_TRANSFER_DENY: " + e.getMessage(), e);
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
