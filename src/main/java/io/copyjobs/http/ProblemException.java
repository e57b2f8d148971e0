package io.copyjobs.http;

import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.Rejection;

/**
 * Ends a request with a problem answer; thrown by controllers for bad input so that the
 * exception handler writes it in the one format.
 */
public class ProblemException extends RuntimeException {
    private final transient Rejection rejection;
    private final int status;

    public ProblemException(Rejection rejection) {
        this(rejection, Problems.status(rejection.code()));
    }

    public ProblemException(Rejection rejection, int status) {
        super(rejection.code() + ": " + rejection.detail(), null, false, false);
        this.rejection = rejection;
        this.status = status;
    }

    public static ProblemException of(ErrorCode code, String detail) {
        return new ProblemException(Rejection.of(code, detail));
    }

    public Rejection rejection() {
        return rejection;
    }

    public int status() {
        return status;
    }
}
