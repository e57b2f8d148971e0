package io.copyjobs.job;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A block of IPv4 or IPv6 addresses written as {@code address/prefix} ({@code 127.0.0.0/8},
 * {@code fe80::/10}); a bare address is a block of one. An IPv6 address that carries an IPv4
 * address ({@code ::ffff:127.0.0.1}, NAT64 {@code 64:ff9b::7f00:1}, 6to4, Teredo: see
 * {@link Ipv4InIpv6}) is also matched as that IPv4 address, since the connection ends up there.
 */
public final class Cidr {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /** True when the text is an IP address literal or a CIDR block rather than a host name. */
    public static boolean looksLikeAddress(String text) {
        String address = text.contains("/") ? text.substring(0, text.indexOf('/')) : text;
        return IPV4.matcher(address).matches() || address.contains(":");
    }

    /**
     * Parses {@code address[/prefix]}; the address must be a literal, so no DNS lookup happens.
     *
     * @throws IllegalArgumentException saying what is wrong with the text, without naming a field
     */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (!looksLikeAddress(address)) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block");
        }
        byte[] bytes = literal(address, text);
        int prefix = slash < 0 ? bytes.length * 8 : prefixLength(text.substring(slash + 1), bytes.length * 8, text);
        return new Cidr(bytes, prefix);
    }

    /** The block of exactly {@code address}. */
    public static Cidr of(InetAddress address) {
        byte[] bytes = address.getAddress();
        return new Cidr(bytes, bytes.length * 8);
    }

    /** True when the address, or the IPv4 address it carries, lies in this block. */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return covers(bytes) || Ipv4InIpv6.carried(bytes).filter(this::covers).isPresent();
    }

    private boolean covers(byte[] candidate) {
        if (candidate.length != network.length) {
            return false;
        }
        int whole = prefix / 8;
        if (!Arrays.equals(candidate, 0, whole, network, 0, whole)) {
            return false;
        }
        int rest = prefix % 8;
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return rest == 0 || (candidate[whole] & mask) == (network[whole] & mask);
    }

    private static byte[] literal(String address, String text) {
        if (IPV4.matcher(address).matches() && Arrays.stream(address.split("\\.")).anyMatch(o -> Integer.parseInt(o) > 255)) {
            // not a literal: getByName would look the text up in DNS
            throw new IllegalArgumentException("'" + text + "' is not a valid IP address");
        }
        try {
            // Only literals reach here (looksLikeAddress), so getByName parses and never resolves;
            // it reads ::ffff:a.b.c.d as the IPv4 address, so a mapped entry is an IPv4 block.
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid IP address", e);
        }
    }

    private static int prefixLength(String digits, int max, String text) {
        try {
            int n = Integer.parseInt(digits);
            if (n >= 0 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the whole entry
        }
        throw new IllegalArgumentException("'" + text + "' has no prefix length between 0 and " + max);
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a parsed block always has 4 or 16 bytes", e);
        }
    }
}
