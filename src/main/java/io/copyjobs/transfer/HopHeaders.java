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

/**
 * The job's own request headers (custom headers and the server's {@code Authorization}), opened
 * from their boxes for one download. They go to the origin of the file's URL and to redirect hops
 * on the same origin (scheme, host and port) only: a hop to another origin gets none of them, as
 * curl and browsers do, so that a redirect cannot hand a job's secrets to a third party.
 */
final class HopHeaders {
    static final HopHeaders NONE = new HopHeaders(null, Map.of());

    private final URI origin;
    private final Map<String, String> values;

    private HopHeaders(URI origin, Map<String, String> values) {
        this.origin = origin;
        this.values = values;
    }

    /** The headers of {@code options} for a download of {@code url}; CJ_E_SECRET_UNREADABLE if a box won't open. */
    static HopHeaders of(URI url, TransferOptions options, SecretBox secrets, int fileIndex) throws TransferStop {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (Header header : Objects.requireNonNullElse(options.headers(), List.<Header>of())) {
                values.put(header.name(), secrets.open(header.value()));
            }
            Credentials server = options.serverCredentials();
            if (server != null) {
                values.put("Authorization", authorization(server, secrets));
            }
        } catch (SecretBox.UnreadableSecretException | RuntimeException e) {
            // never the message: it could quote the box; the key is what changed
            throw TransferStop.failed(TransferError.of(ErrorCode.CJ_E_SECRET_UNREADABLE, ErrorContext.GENERAL_TRANSPORT,
                    "a header or credential of the job cannot be opened with this node's COPYJOBS_SECRETS_KEY",
                    fileIndex), false);
        }
        return values.isEmpty() ? NONE : new HopHeaders(url, Map.copyOf(values));
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
