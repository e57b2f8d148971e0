package io.copyjobs.transfer;

import io.copyjobs.job.Credentials;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.ErrorContext;
import io.copyjobs.job.Header;
import io.copyjobs.job.TransferError;
import io.copyjobs.job.TransferOptions;
import io.copyjobs.secrets.SecretBox;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The job's own request headers (custom headers and the server's {@code Authorization}), opened
 * from their boxes for one download. They go to the origin of the file's URL and to redirect hops
 * on the same origin (scheme, host and port) only: a hop to another origin gets none of them, as
 * curl and browsers do, so that a redirect cannot hand a job's secrets to a third party. The
 * proxy's credentials ({@code Proxy-Authorization}) are opened here too, and go to the proxy on
 * every hop, whatever the origin: the proxy is the same.
 */
final class HopHeaders {
    static final HopHeaders NONE = new HopHeaders(null, Map.of(), null);

    private final URI origin;
    private final Map<String, String> values;
    private final String proxyAuthorization;

    private HopHeaders(URI origin, Map<String, String> values, String proxyAuthorization) {
        this.origin = origin;
        this.values = values;
        this.proxyAuthorization = proxyAuthorization;
    }

    /** The headers of {@code options} for a download of {@code url}; CJ_E_SECRET_UNREADABLE if a box won't open. */
    static HopHeaders of(URI url, TransferOptions options, SecretBox secrets, int fileIndex) throws TransferStop {
        Map<String, String> values = new LinkedHashMap<>();
        String proxy = null;
        try {
            for (Header header : Objects.requireNonNullElse(options.headers(), List.<Header>of())) {
                values.put(header.name(), secrets.open(header.value()));
            }
            Credentials server = options.serverCredentials();
            if (server != null) {
                // the credentials win over an Authorization header, whatever its case: one request, one Authorization
                values.keySet().removeIf(name -> name.equalsIgnoreCase("Authorization"));
                values.put("Authorization", authorization(server, secrets));
            }
            if (options.proxyCredentials() != null) {
                proxy = authorization(options.proxyCredentials(), secrets);
            }
        } catch (SecretBox.UnreadableSecretException | RuntimeException e) {
            // never the message: it could quote the box; the key is what changed
            throw TransferStop.failed(TransferError.of(ErrorCode.CJ_E_SECRET_UNREADABLE, ErrorContext.GENERAL_TRANSPORT,
                    "a header or credential of the job cannot be opened with this node's COPYJOBS_SECRETS_KEY",
                    fileIndex), false);
        }
        return values.isEmpty() && proxy == null ? NONE : new HopHeaders(url, Map.copyOf(values), proxy);
    }

    private static String authorization(Credentials credentials, SecretBox secrets)
            throws SecretBox.UnreadableSecretException {
        String password = secrets.open(credentials.password());
        if (credentials.scheme() == Credentials.Scheme.BEARER) {
            return "Bearer " + password;
        }
        String pair = secrets.open(credentials.userName()) + ":" + password;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** The headers to send to {@code hop}: all of them on the origin, none elsewhere. */
    Map<String, String> forHop(URI hop) {
        return origin != null && sameOrigin(origin, hop) ? values : Map.of();
    }

    /** The {@code Proxy-Authorization} value of the job's proxy credentials, if it has some. */
    Optional<String> proxyAuthorization() {
        return Optional.ofNullable(proxyAuthorization);
    }

    /** True when a hop to {@code hop} carries the server's credentials. */
    boolean authorizes(URI hop) {
        return forHop(hop).keySet().stream().anyMatch(name -> name.equalsIgnoreCase("Authorization"));
    }

    static boolean sameOrigin(URI a, URI b) {
        return scheme(a).equals(scheme(b)) && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static String scheme(URI uri) {
        return Objects.requireNonNullElse(uri.getScheme(), "").toLowerCase(Locale.ROOT);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return scheme(uri).equals("https") ? 443 : 80;
    }
}
