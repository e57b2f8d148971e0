package io.copyjobs.content;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The SHA-256 of every {@value #PIECE}-byte piece of a content (the last one shorter), made by a
 * node that verified the whole file, so that a node fetching from peers can check each piece as
 * it arrives and drop a peer that sends a bad one, long before the whole-file check could.
 *
 * @param size   the content's length in bytes
 * @param pieces each piece's SHA-256 in lower-case hex, in order
 */
public record PieceManifest(long size, List<String> pieces) {
    /** 1 MiB: small enough that a bad piece costs little to fetch again, large enough for few hashes. */
    public static final int PIECE = 1 << 20;

    public PieceManifest {
        pieces = List.copyOf(pieces);
        if (size < 0 || pieces.size() != count(size)) {
            throw new IllegalArgumentException(size + " bytes make " + count(size) + " pieces, not " + pieces.size());
        }
    }

    /** How many pieces {@code size} bytes make: an empty content has none. */
    static int count(long size) {
        return (int) ((size + PIECE - 1) / PIECE);
    }

    /** Where piece {@code index} starts. */
    public static long start(int index) {
        return (long) index * PIECE;
    }

    /** The length of piece {@code index}. */
    public int length(int index) {
        return (int) Math.min(PIECE, size - start(index));
    }

    /** True when {@code bytes[0..length)} are piece {@code index} of this content. */
    public boolean verify(int index, byte[] bytes, int length) {
        if (index < 0 || index >= pieces.size() || length != length(index)) {
            return false;
        }
        MessageDigest digest = PieceHasher.newDigest();
        digest.update(bytes, 0, length);
        return MessageDigest.isEqual(digest.digest(), HexFormat.of().parseHex(pieces.get(index)));
    }

    /** The piece manifest as text: the size on the first line, then one hash per line. */
    public String text() {
        return size + "\n" + String.join("\n", pieces) + "\n";
    }

    /** Reads {@link #text()}. */
    public static PieceManifest parse(String text) {
        List<String> lines = text.lines().toList();
        Objects.checkIndex(0, lines.size());
        return new PieceManifest(Long.parseLong(lines.get(0)), lines.subList(1, lines.size()));
    }
}
