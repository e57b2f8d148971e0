package io.copyjobs.transfer;

import io.copyjobs.job.Cidr;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where transfers may never connect (SPEC §8, {@code COPYJOBS_TRANSFER_DENY}): CIDR blocks of IPv4
 * and IPv6 addresses ({@code 127.0.0.0/8}, {@code fe80::/10}, a bare address is a block of one) and
 * host names ({@code metadata.google.internal}, matched exactly, ignoring case and a trailing dot).
 * The entry {@code self} stands for every address of this node's network interfaces, read once when
 * the list is parsed (at start): a service on the node that listens on all interfaces answers on
 * its LAN address just as on loopback.
 *
 * <p>Build it once with {@link #parse(List)} from {@code Config.Transfer.deny()} (where {@code none}
 * is already the empty list) and ask {@link #refusal(String)} before every connection and every
 * redirect hop. The check resolves the name itself and refuses when <em>any</em> address is denied,
 * so a name with one public and one loopback address cannot slip through. The JVM caches the
 * resolution (30 s by default), so the HTTP client that connects right after uses the addresses
 * checked here rather than a fresh, possibly rebound, answer.
 */
public final class AddressRules {
    /** The entry that stands for this node's own addresses. */
    private static final String SELF = "self";
    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]*[a-z0-9])?");

    private final List<Rule> blocks;
    private final Set<String> hostNames;

    private AddressRules(List<Rule> blocks, Set<String> hostNames) {
        this.blocks = List.copyOf(blocks);
        this.hostNames = Set.copyOf(hostNames);
    }

    /**
     * Reads deny entries, each a CIDR block, an IP address, a host name or {@code self}.
     *
     * @throws IllegalArgumentException naming the first entry that is none of these
     * @throws IllegalStateException    when {@code self} is listed and the interfaces cannot be read
     */
    public static AddressRules parse(List<String> entries) {
        return parse(entries, AddressRules::interfaceAddresses);
    }

    /** As {@link #parse(List)}, with {@code self} standing for the addresses {@code own} gives. */
    static AddressRules parse(List<String> entries, Supplier<List<InetAddress>> own) {
        List<Rule> blocks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String raw : entries) {
            String entry = raw.trim();
            if (entry.equalsIgnoreCase(SELF)) {
                own.get().forEach(a -> blocks.add(new Rule(Cidr.of(a), "an address of this node (the entry self)")));
            } else if (Cidr.looksLikeAddress(entry)) {
                Cidr block = block(entry);
                blocks.add(new Rule(block, "inside the denied block " + block));
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
            for (Rule rule : blocks) {
                if (rule.block().contains(address)) {
                    return Optional.of("the host " + name + " resolves to " + address.getHostAddress() + ", "
                            + rule.why());
                }
            }
        }
        return Optional.empty();
    }

    /** Every address of every network interface of this machine, up or down, loopback or not. */
    private static List<InetAddress> interfaceAddresses() {
        try {
            return NetworkInterface.networkInterfaces()
                    .flatMap(i -> Stream.concat(Stream.of(i), i.subInterfaces()))
                    .flatMap(NetworkInterface::inetAddresses).distinct().toList();
        } catch (SocketException e) {
            throw new IllegalStateException("COPYJOBS_TRANSFER_DENY: " + SELF
                    + ": cannot read this node's network interfaces (" + e.getMessage() + ")", e);
        }
    }

    private static Cidr block(String entry) {
        try {
            return Cidr.parse(entry);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("COPYJOBS_TRANSFER_DENY: " + e.getMessage(), e);
        }
    }

    /** A denied block and how a refusal describes an address inside it. */
    private record Rule(Cidr block, String why) {
    }

    private static String normalised(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
