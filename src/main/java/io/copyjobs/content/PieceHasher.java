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
 */
final class PieceHasher {
    private final MessageDigest whole = newDigest();
    private final List<String> pieces = new ArrayList<>();
    private MessageDigest piece = newDigest();
    private long size;
    private int inPiece;

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    void update(ByteBuffer bytes) {
        whole.update(bytes.duplicate());
        while (bytes.hasRemaining()) {
            int n = Math.min(bytes.remaining(), PieceManifest.PIECE - inPiece);
            ByteBuffer slice = bytes.slice(bytes.position(), n);
            piece.update(slice);
            bytes.position(bytes.position() + n);
            inPiece += n;
            size += n;
            if (inPiece == PieceManifest.PIECE) {
                cut();
            }
        }
    }

    private void cut() {
        pieces.add(HexFormat.of().formatHex(piece.digest()));
        piece = newDigest();
        inPiece = 0;
    }

    /** The whole content's SHA-256 in hex; call once, after the last update. */
    String wholeHex() {
        return HexFormat.of().formatHex(whole.digest());
    }

    /** The manifest of everything hashed; call once, after the last update. */
    PieceManifest manifest() {
        if (inPiece > 0) {
            cut();
        }
        return new PieceManifest(size, pieces);
    }
}
