package io.copyjobs.job;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Credentials for a server or a proxy (BITS SetCredentials, BG_AUTH_CREDENTIALS). BASIC has a user
 * name and a password; BEARER has a token in {@code password} and no user name. Both are
 * {@link Secret}s; a public answer shows the scheme only: "credentials set".
 */
public record Credentials(Scheme scheme, Secret userName, Secret password) {

    /** The schemes copyjobs sends (BG_AUTH_SCHEME_BASIC, and OAuth's bearer tokens). */
    public enum Scheme {
        BASIC,
        BEARER
    }

    public Credentials {
        Objects.requireNonNull(scheme, "scheme");
    }

    Credentials with(UnaryOperator<Secret> seal) {
        return new Credentials(scheme, userName == null ? null : seal.apply(userName),
                password == null ? null : seal.apply(password));
    }
}
