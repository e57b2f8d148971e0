package io.copyjobs.cli;

/** The exit codes of the client commands (listed in every command's {@code --help} and in README). */
final class Exit {
    static final int OK = 0;
    /** The node refused: any 4xx answer about a job or the request (403, 404, 409 …). */
    static final int REFUSED = 1;
    /**
     * Nothing was decided about the job: the node cannot be reached or cannot answer (5xx), or it
     * rejects the credentials (401); or the command line or the configuration is wrong. The same
     * code as picocli's usage errors, so that every "fix your setup" case reads alike.
     */
    static final int UNUSABLE = 2;

    private Exit() {
    }
}
