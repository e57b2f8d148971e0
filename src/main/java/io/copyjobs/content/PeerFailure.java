package io.copyjobs.content;

/**
 * A peer did not give the bytes asked for: unreachable, an unexpected answer, a connection that
 * dropped mid-piece (try it again later), or a piece that is not the manifest's ({@link #corrupt}:
 * never ask that peer for this content again).
 */
public final class PeerFailure extends Exception {
    private final boolean corrupt;

    PeerFailure(String message, boolean corrupt) {
        super(message, null, false, false);
        this.corrupt = corrupt;
    }

    /** True when the peer sent bytes that fail their piece's hash. */
    public boolean corrupt() {
        return corrupt;
    }
}
