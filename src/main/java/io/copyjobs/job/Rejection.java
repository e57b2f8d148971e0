package io.copyjobs.job;

import java.util.Objects;

/**
 * Why an operation was refused: a code of SPEC §3 and a sentence for people. Turned into an
 * HTTP problem in exactly one place (the HTTP layer's problem mapper).
 */
public record Rejection(ErrorCode code, String detail) {
    public Rejection {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(detail, "detail");
    }

    public static Rejection of(ErrorCode code, String detail) {
        return new Rejection(code, detail);
    }

    public static Rejection invalidArg(String field, String why) {
        return new Rejection(ErrorCode.E_INVALIDARG, field + ": " + why);
    }
}
