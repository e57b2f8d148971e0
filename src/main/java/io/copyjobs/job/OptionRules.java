package io.copyjobs.job;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The input rules of a job's transfer options (issue 18): custom headers, credentials and the proxy
 * settings ({@link ProxyRules}). A header
 * name is an RFC 9110 token and none of the headers copyjobs manages itself (framing, hop-by-hop,
 * ranges, the proxy's credentials); {@code Authorization} may be sent as a header, being as secret
 * as every header value. Rules about a secret's value see plain values only: the job step checks
 * again after the edge sealed them, and then checks names and schemes alone.
 */
public final class OptionRules {
    /** At most this many headers, and this many bytes of names and values, so a job fits one record. */
    static final int MAX_HEADERS = 32;
    static final int MAX_HEADER_BYTES = 8 * 1024;
    static final int MAX_SECRET_BYTES = 4 * 1024;
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Set<String> MANAGED = Set.of("host", "content-length", "transfer-encoding", "range",
            "if-range", "connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade", "expect",
            "proxy-authorization");

    private OptionRules() {
    }

    /** The first problem with options of a CreateJob or a SetProperties; null options are none. */
    public static Optional<Rejection> check(TransferOptions options) {
        if (options == null) {
            return Optional.empty();
        }
        Optional<Rejection> headers = checkHeaders(options.headers());
        if (headers.isPresent()) {
            return headers;
        }
        Optional<Rejection> server = checkCredentials(options.serverCredentials(), "options.serverCredentials");
        if (server.isPresent()) {
            return server;
        }
        Optional<Rejection> proxy = checkCredentials(options.proxyCredentials(), "options.proxyCredentials");
        return proxy.isPresent() ? proxy : ProxyRules.check(options.proxy());
    }

    static Optional<Rejection> checkHeaders(List<Header> headers) {
        if (headers == null) {
            return Optional.empty();
        }
        if (headers.size() > MAX_HEADERS) {
            return invalid("options.headers", "at most " + MAX_HEADERS + " headers, not " + headers.size());
        }
        Set<String> seen = new HashSet<>();
        int bytes = 0;
        for (int i = 0; i < headers.size(); i++) {
            String field = "options.headers[" + i + "]";
            Header header = headers.get(i);
            if (header == null) {
                return invalid(field, "a header must be an object");
            }
            Optional<Rejection> name = checkName(header.name(), field + ".name", seen);
            if (name.isPresent()) {
                return name;
            }
            if (header.value() == null) {
                return invalid(field + ".value", "is required");
            }
            bytes += header.name().length() + plainBytes(header.value());
            if (bytes > MAX_HEADER_BYTES) {
                return invalid("options.headers", "names and values hold more than " + MAX_HEADER_BYTES + " bytes");
            }
            Optional<Rejection> value = checkFieldValue(header.value(), field + ".value");
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }

    private static Optional<Rejection> checkName(String name, String field, Set<String> seen) {
        if (name == null || !TOKEN.matcher(name).matches()) {
            return invalid(field, "must be an HTTP token (RFC 9110: letters, digits and !#$%&'*+-.^_`|~)");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (MANAGED.contains(lower)) {
            return invalid(field, "'" + name + "' is managed by copyjobs and may not be set"
                    + (lower.equals("proxy-authorization") ? " (use options.proxyCredentials)" : ""));
        }
        if (!seen.add(lower)) {
            return invalid(field, "'" + name + "' is given twice");
        }
        return Optional.empty();
    }

    static Optional<Rejection> checkCredentials(Credentials credentials, String field) {
        if (credentials == null) {
            return Optional.empty();
        }
        if (credentials.password() == null) {
            return invalid(field + ".password", "is required"
                    + (credentials.scheme() == Credentials.Scheme.BEARER ? " (the bearer token)" : ""));
        }
        if (credentials.scheme() == Credentials.Scheme.BEARER && credentials.userName() != null) {
            return invalid(field + ".userName", "a BEARER credential has no user name");
        }
        if (credentials.scheme() == Credentials.Scheme.BASIC) {
            if (credentials.userName() == null) {
                return invalid(field + ".userName", "is required for BASIC");
            }
            Optional<Rejection> user = checkValue(credentials.userName(), field + ".userName");
            if (user.isPresent()) {
                return user;
            }
            if (!credentials.userName().isSealed() && credentials.userName().plainText().indexOf(':') >= 0) {
                return invalid(field + ".userName", "may not contain ':' (RFC 7617)");
            }
        }
        // a bearer token is sent as it is; a BASIC pair in base64 of its UTF-8, so any text goes
        return credentials.scheme() == Credentials.Scheme.BEARER
                ? checkFieldValue(credentials.password(), field + ".password")
                : checkValue(credentials.password(), field + ".password");
    }

    /**
     * A plain value sent as it is in a header: as {@link #checkValue}, and no character above U+00FF,
     * which an HTTP field value cannot carry (RFC 9110 §5.5) and the JDK's client refuses at transfer time.
     */
    private static Optional<Rejection> checkFieldValue(Secret value, String field) {
        Optional<Rejection> plain = checkValue(value, field);
        if (plain.isPresent() || value.isSealed()) {
            return plain;
        }
        boolean latin1 = value.plainText().chars().allMatch(c -> c <= 0xFF);
        return latin1 ? Optional.empty() : invalid(field, "has a character above U+00FF, which an HTTP header cannot carry");
    }

    /** A plain value: 1 to 4 KiB, no control character (CR, LF and NUL would split the request). */
    private static Optional<Rejection> checkValue(Secret value, String field) {
        if (value.isSealed()) {
            return Optional.empty();
        }
        String text = value.plainText();
        if (text.isEmpty()) {
            return invalid(field, "may not be empty");
        }
        if (plainBytes(value) > MAX_SECRET_BYTES) {
            return invalid(field, "longer than " + MAX_SECRET_BYTES + " bytes");
        }
        if (JobRules.hasControl(text, false)) {
            return invalid(field, "contains control characters");
        }
        return Optional.empty();
    }

    /** A plain value's bytes in UTF-8; a sealed one was counted when it was plain. */
    private static int plainBytes(Secret value) {
        return value.isSealed() ? 0 : value.plainText().getBytes(StandardCharsets.UTF_8).length;
    }

    private static Optional<Rejection> invalid(String field, String why) {
        return Optional.of(Rejection.invalidArg(field, why));
    }
}
