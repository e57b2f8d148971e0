package io.copyjobs.job;

import java.util.Optional;

/**
 * The input rules of a job's budgets (issue 18): its bandwidth limit and its maximum download time,
 * each 0 for "none" and never negative. Apart from {@link JobRules} so that each stays small.
 */
public final class BudgetRules {
    private BudgetRules() {
    }

    /** The first problem with the budgets of {@code options} (null: none sent). */
    public static Optional<Rejection> check(TransferOptions options) {
        if (options == null) {
            return Optional.empty();
        }
        if (options.maxBytesPerSecond() != null && options.maxBytesPerSecond() < 0) {
            return Optional.of(Rejection.invalidArg("options.maxBytesPerSecond", "must not be negative (0: no limit)"));
        }
        if (options.maximumDownloadTimeSeconds() != null && options.maximumDownloadTimeSeconds() < 0) {
            return Optional.of(Rejection.invalidArg("options.maximumDownloadTimeSeconds",
                    "must not be negative (0: no limit)"));
        }
        return Optional.empty();
    }
}
