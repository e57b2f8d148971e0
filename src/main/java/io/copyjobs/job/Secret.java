package io.copyjobs.job;

import java.util.Objects;

/**
 * A header value or a credential (issue 18). Plain only on its way in, between the HTTP edge that
 * parsed it and the edge's sealing; sealed (an AES-GCM box, as text) in every command, snapshot,
 * outcome and store, so that Kafka and its admins never see one in clear. Only the transfer engine
 * opens it. Its text is in no {@code toString}, and public answers leave it out altogether.
 */
public final class Secret {
    private final String plain;
    private final String sealed;

    private Secret(String plain, String sealed) {
        this.plain = plain;
        this.sealed = sealed;
    }

    /** A value as a client sent it, to be sealed before it leaves the edge. */
    public static Secret plain(String text) {
        return new Secret(Objects.requireNonNull(text, "text"), null);
    }

    /** A value as it was sealed: the text of the box, never the value. */
    public static Secret sealed(String box) {
        return new Secret(null, Objects.requireNonNull(box, "box"));
    }

    public boolean isSealed() {
        return sealed != null;
    }

    /** The box; only a sealed secret has one. */
    public String box() {
        if (sealed == null) {
            throw new IllegalStateException("a secret is sealed before it is written anywhere");
        }
        return sealed;
    }

    /** The value of a plain secret: for the edge's checks and its sealing only. */
    public String plainText() {
        if (plain == null) {
            throw new IllegalStateException("a sealed secret is opened by the secret box only");
        }
        return plain;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && Objects.equals(plain, s.plain) && Objects.equals(sealed, s.sealed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(plain, sealed);
    }

    @Override
    public String toString() {
        return "***";
    }
}
