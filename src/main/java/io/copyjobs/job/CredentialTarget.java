package io.copyjobs.job;

import java.util.Locale;
import java.util.Optional;

/** Whom credentials are for (BITS BG_AUTH_TARGET): the origin server or the proxy. */
public enum CredentialTarget {
    SERVER("serverCredentials"),
    PROXY("proxyCredentials");

    private final String option;

    CredentialTarget(String option) {
        this.option = option;
    }

    /** The target a route names, {@code server} or {@code proxy}, case-insensitively; empty for anything else. */
    public static Optional<CredentialTarget> named(String name) {
        for (CredentialTarget target : values()) {
            if (target.name().equalsIgnoreCase(name)) {
                return Optional.of(target);
            }
        }
        return Optional.empty();
    }

    /** The field of {@code options} that holds this target's credentials, as errors name it. */
    public String option() {
        return option;
    }

    /** The name routes use: {@code server}, {@code proxy}. */
    public String pathName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Options that set only this target's {@code credentials} (null: none), over a job's by {@link TransferOptions#over}. */
    TransferOptions options(Credentials credentials) {
        return this == SERVER ? new TransferOptions(null, credentials, null, null, null, null, null)
                : new TransferOptions(null, null, credentials, null, null, null, null);
    }

    /** This target's credentials in {@code options}. */
    Credentials of(TransferOptions options) {
        return this == SERVER ? options.serverCredentials() : options.proxyCredentials();
    }
}
