package io.copyjobs.cli;

/**
 * Why a client command stops: printed as one line {@code CODE: explanation} on stderr (never a
 * stack trace), and the exit code that goes with it.
 */
final class CliFailure extends RuntimeException {
    /** Bad input on the command line or in a file it names (exit 2, like a usage error). */
    static final String INVALID_ARG = "E_INVALIDARG";
    /** A setting or the token is missing or unusable (the client's own code). */
    static final String CONFIG = "CJ_E_CONFIG";
    /** No connection to the node, or no answer in time (the client's own code). */
    static final String UNREACHABLE = "CJ_E_UNREACHABLE";
    /** An answer the client cannot read, or a fault in the client itself. */
    static final String UNEXPECTED = "E_UNEXPECTED";

    private final String code;
    private final int exitCode;

    CliFailure(String code, String explanation, int exitCode) {
        super(explanation, null, false, false);
        this.code = code;
        this.exitCode = exitCode;
    }

    /** Bad input the user can fix on the command line. */
    static CliFailure usage(String explanation) {
        return new CliFailure(INVALID_ARG, explanation, Exit.UNUSABLE);
    }

    /** The command was interrupted while it waited (for the node, or between polls). */
    static CliFailure interrupted() {
        return new CliFailure(UNEXPECTED, "interrupted while waiting", Exit.UNUSABLE);
    }

    String line() {
        return code + ": " + getMessage();
    }

    int exitCode() {
        return exitCode;
    }
}
