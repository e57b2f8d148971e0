package io.copyjobs.job;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * How a job's files are fetched from their origins (issue 18): BITS' IBackgroundCopyJobHttpOptions
 * (custom headers, credentials for the server and the proxy, proxy settings), DO's
 * HttpAllowSecureToNonSecureRedirect, and the job's budgets (SetMaximumDownloadTime, a bandwidth
 * limit). In CreateJob and SetProperties an absent (null) value means "the default" and "unchanged";
 * in a job every value is set ({@link #NONE} for a job that asked for nothing).
 *
 * @param maxBytesPerSecond          0: no limit of the job's own (the node's still applies)
 * @param maximumDownloadTimeSeconds 0: no limit; else ERROR BG_E_MAXDOWNLOAD_TIMEOUT once the job has
 *                                   spent this long in transfer states
 */
public record TransferOptions(List<Header> headers, Credentials serverCredentials, Credentials proxyCredentials,
                              ProxySettings proxy, Boolean allowSecureToNonSecureRedirect, Long maxBytesPerSecond,
                              Integer maximumDownloadTimeSeconds) {

    /** A job's options when it asked for none. */
    public static final TransferOptions NONE = new TransferOptions(List.of(), null, null, ProxySettings.PRECONFIG,
            false, 0L, 0);

    public TransferOptions {
        headers = headers == null ? null : List.copyOf(headers);
    }

    /** These options over {@code base}: each value set here replaces base's; credentials too. */
    public TransferOptions over(TransferOptions base) {
        return new TransferOptions(pick(headers, base.headers), pick(serverCredentials, base.serverCredentials),
                pick(proxyCredentials, base.proxyCredentials), pick(proxy, base.proxy),
                pick(allowSecureToNonSecureRedirect, base.allowSecureToNonSecureRedirect),
                pick(maxBytesPerSecond, base.maxBytesPerSecond),
                pick(maximumDownloadTimeSeconds, base.maximumDownloadTimeSeconds));
    }

    /** These options with every secret passed through {@code seal} (the edge's sealing, a test's opening). */
    public TransferOptions withSecrets(UnaryOperator<Secret> seal) {
        return new TransferOptions(headers == null ? null : headers.stream().map(h -> h.with(seal)).toList(),
                serverCredentials == null ? null : serverCredentials.with(seal),
                proxyCredentials == null ? null : proxyCredentials.with(seal), proxy,
                allowSecureToNonSecureRedirect, maxBytesPerSecond, maximumDownloadTimeSeconds);
    }

    /** True when a value of these options is secret: a header or credentials. */
    public boolean hasSecrets() {
        return (headers != null && !headers.isEmpty()) || serverCredentials != null || proxyCredentials != null;
    }

    /** These options without their secrets, as TakeOwnership leaves a job (BITS drops credentials there). */
    public TransferOptions withoutSecrets() {
        return new TransferOptions(List.of(), null, null, proxy, allowSecureToNonSecureRedirect, maxBytesPerSecond,
                maximumDownloadTimeSeconds);
    }

    /** These options without {@code target}'s credentials (RemoveCredentials). */
    TransferOptions withoutCredentials(CredentialTarget target) {
        return new TransferOptions(headers, target == CredentialTarget.SERVER ? null : serverCredentials,
                target == CredentialTarget.PROXY ? null : proxyCredentials, proxy, allowSecureToNonSecureRedirect,
                maxBytesPerSecond, maximumDownloadTimeSeconds);
    }

    private static <T> T pick(T value, T base) {
        return value != null ? value : base;
    }
}
