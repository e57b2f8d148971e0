package io.copyjobs.job;

import java.util.Optional;

/**
 * The transfer options the API already names but copyjobs does not carry out yet (issue 18): a job
 * proxy list (OVERRIDE) and proxy credentials. Refused with E_NOTIMPL, as
 * BITS refuses what it does not implement, so that no job believes it is bound by them.
 */
public final class UnsupportedOptions {
    private UnsupportedOptions() {
    }

    /** The first option of {@code options} (null: none sent) that would be accepted and then ignored. */
    public static Optional<Rejection> check(TransferOptions options) {
        if (options == null) {
            return Optional.empty();
        }
        if (options.proxy() != null && options.proxy().usage() == ProxySettings.Usage.OVERRIDE) {
            return refuse("options.proxy.usage: OVERRIDE (a job's own proxy list) is not implemented yet; "
                    + "PRECONFIG and NO_PROXY are");
        }
        if (options.proxyCredentials() != null) {
            return refuse("options.proxyCredentials: proxy authentication is not implemented yet");
        }
        return Optional.empty();
    }

    private static Optional<Rejection> refuse(String detail) {
        return Optional.of(Rejection.of(ErrorCode.E_NOTIMPL, detail));
    }
}
