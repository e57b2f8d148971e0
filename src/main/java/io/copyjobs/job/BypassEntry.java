package io.copyjobs.job;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One entry of a bypass list: a job's {@code options.proxy.bypass} (BITS SetProxySettings) or the
 * node's {@code COPYJOBS_NO_PROXY} (curl's and the JDK's conventions). A host that matches goes
 * straight to the origin, not through the proxy.
 * <ul>
 *   <li>{@code *}: every host;</li>
 *   <li>{@code <local>}: host names without a dot (BITS), such as {@code intranet};</li>
 *   <li>a name, {@code .name} or {@code *.name}: that name and every name under it (as curl reads
 *       {@code NO_PROXY}: {@code example.com} also covers {@code www.example.com});</li>
 *   <li>an IP address or CIDR block ({@code 10.0.0.0/8}, {@code fd00::/8}): URLs whose host is an
 *       address literal inside it; names are not resolved for this (as curl does not).</li>
 * </ul>
 *
 * @param value the name without its leading {@code *.} or {@code .}, lower case; the address text
 */
public record BypassEntry(Kind kind, String value) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]*[a-z0-9])?");

    /** What an entry stands for. */
    public enum Kind {
        ANY,
        LOCAL,
        DOMAIN,
        ADDRESS
    }

    /**
     * Reads an entry.
     *
     * @throws IllegalArgumentException saying what is wrong with it, without naming a field
     */
    public static BypassEntry parse(String text) {
        String entry = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (entry.equals("*")) {
            return new BypassEntry(Kind.ANY, entry);
        }
        if (entry.equals("<local>")) {
            return new BypassEntry(Kind.LOCAL, entry);
        }
        if (Cidr.looksLikeAddress(entry)) {
            Cidr.parse(entry);
            return new BypassEntry(Kind.ADDRESS, entry);
        }
        String name = entry.startsWith("*.") ? entry.substring(2) : entry.startsWith(".") ? entry.substring(1) : entry;
        name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not *, <local>, a host name, .domain, *.domain,"
                    + " an IP address or a CIDR block");
        }
        return new BypassEntry(Kind.DOMAIN, name);
    }
}
