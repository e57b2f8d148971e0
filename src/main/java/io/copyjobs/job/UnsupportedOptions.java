package io.copyjobs.job;

import java.util.Optional;

/**
 * The transfer options the API already names but copyjobs does not carry out yet (issue 18): a
 * maximum download time. Refused with E_NOTIMPL, as
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
        if (options.maximumDownloadTimeSeconds() != null && options.maximumDownloadTimeSeconds() > 0) {
            return refuse("options.maximumDownloadTimeSeconds: a download time limit is not enforced yet; only 0 "
                    + "(no limit) is accepted");
        }
        return Optional.empty();
    }

    private static Optional<Rejection> refuse(String detail) {
        return Optional.of(Rejection.of(ErrorCode.E_NOTIMPL, detail));
    }
}
