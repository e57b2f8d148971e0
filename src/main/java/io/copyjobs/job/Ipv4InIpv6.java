package io.copyjobs.job;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The IPv4 address an IPv6 address carries in one of the standard embeddings, so that the deny
 * list refuses {@code 64:ff9b::a9fe:a9fe} as it refuses {@code 169.254.169.254}: a translator,
 * tunnel or dual-stack socket on the way delivers the connection to that IPv4 address. Only the
 * embeddings with a fixed place are read; NAT64 prefixes an operator picks (RFC 6052 §2.2, the
 * local-use {@code 64:ff9b:1::/48} of RFC 8215) put the address where that operator chose, so list
 * them as IPv6 blocks in {@code COPYJOBS_TRANSFER_DENY} where they are in use.
 */
final class Ipv4InIpv6 {
    private static final List<Form> FORMS = List.of(
            new Form("00000000000000000000ffff", 12, false),  // IPv4-mapped ::ffff:0:0/96 (RFC 4291)
            new Form("000000000000000000000000", 12, false),  // IPv4-compatible ::/96 (RFC 4291, deprecated)
            new Form("0000000000000000ffff0000", 12, false),  // IPv4-translated ::ffff:0:0:0/96 (RFC 2765)
            new Form("0064ff9b0000000000000000", 12, false),  // NAT64 well-known 64:ff9b::/96 (RFC 6052)
            new Form("2002", 2, false),                       // 6to4 2002::/16 (RFC 3056)
            new Form("20010000", 12, true));                  // Teredo 2001::/32, the client (RFC 4380)

    private Ipv4InIpv6() {
    }

    /** The IPv4 address inside {@code address} (16 bytes), if it is written in one of the embeddings. */
    static Optional<byte[]> carried(byte[] address) {
        if (address.length != 16) {
            return Optional.empty();
        }
        return FORMS.stream().filter(f -> f.holds(address)).findFirst().map(f -> f.ipv4(address));
    }

    /** Addresses that start with {@code prefix} hold an IPv4 address at {@code offset}, inverted for Teredo. */
    private record Form(byte[] prefix, int offset, boolean inverted) {
        Form(String hexPrefix, int offset, boolean inverted) {
            this(HexFormat.of().parseHex(hexPrefix), offset, inverted);
        }

        boolean holds(byte[] address) {
            return Arrays.equals(address, 0, prefix.length, prefix, 0, prefix.length);
        }

        byte[] ipv4(byte[] address) {
            byte[] ipv4 = Arrays.copyOfRange(address, offset, offset + 4);
            if (inverted) {
                for (int i = 0; i < ipv4.length; i++) {
                    ipv4[i] = (byte) ~ipv4[i];
                }
            }
            return ipv4;
        }
    }
}
