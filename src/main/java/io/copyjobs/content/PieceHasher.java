package io.copyjobs.content;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Hashes a content in one sequential pass: the whole-file SHA-256 that names it and the SHA-256
 * of each piece for its {@link PieceManifest}, so that a finished content is read once, not twice.
 * It keeps its state at the last piece boundary, so that bytes appended from there again (a peer
 * fetch that starts at a piece, see {@link RunningHashes}) carry the hash on instead of restarting it.
 * An origin download into a content's part file feeds one as it writes ({@link ContentStore#finishDownloaded}).
 */
public final class PieceHasher {
    private final MessageDigest whole;
    private final List<String> pieces;
    private MessageDigest piece = newDigest();
    private long size;
    private int inPiece;
    /** A copy of this hasher as it was at the last piece boundary; null before the first. */
    private PieceHasher atBoundary;

    public PieceHasher() {
        this(newDigest(), new ArrayList<>(), 0);
    }

    private PieceHasher(MessageDigest whole, List<String> pieces, long size) {
        this.whole = whole;
        this.pieces = pieces;
        this.size = size;
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Hashes the next bytes of the content, from {@code bytes}' position to its limit (consumed). */
    public void update(ByteBuffer bytes) {
        while (bytes.hasRemaining()) {
            int n = Math.min(bytes.remaining(), PieceManifest.PIECE - inPiece);
            // Piece by piece, the whole too: the copy at a boundary must hold no byte past it.
            whole.update(bytes.slice(bytes.position(), n));
            piece.update(bytes.slice(bytes.position(), n));
            bytes.position(bytes.position() + n);
            inPiece += n;
            size += n;
            if (inPiece == PieceManifest.PIECE) {
                cut();
            }
        }
    }

    /** The bytes hashed so far. */
    long size() {
        return size;
    }

    /**
     * The hasher to go on with bytes from {@code offset}: this one when it ends there, its copy at
     * the last piece boundary when that is {@code offset}, a new one for 0; else null (the bytes
     * before {@code offset} were not all hashed here in order).
     */
    PieceHasher resumedAt(long offset) {
        if (offset == size) {
            return this;
        }
        if (atBoundary != null && offset == atBoundary.size) {
            return atBoundary.copy();
        }
        return offset == 0 ? new PieceHasher() : null;
    }

    private void cut() {
        pieces.add(HexFormat.of().formatHex(piece.digest()));
        piece = newDigest();
        inPiece = 0;
        atBoundary = copy();
    }

    /** An independent copy of this hasher at a piece boundary. */
    private PieceHasher copy() {
        return new PieceHasher(copy(whole), new ArrayList<>(pieces), size);
    }

    private static MessageDigest copy(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 digests are cloneable", e);
        }
    }

    /** The whole content's SHA-256 in hex, of the bytes so far. */
    public String wholeHex() {
        return HexFormat.of().formatHex(copy(whole).digest());
    }

    /** The manifest of everything hashed; call once, after the last update. */
    PieceManifest manifest() {
        if (inPiece > 0) {
            cut();
        }
        return new PieceManifest(size, pieces);
    }
}
