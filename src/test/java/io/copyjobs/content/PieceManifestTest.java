package io.copyjobs.content;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PieceManifestTest {
    static byte[] bytes(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    static PieceManifest manifestOf(byte[] content) {
        PieceHasher hasher = new PieceHasher();
        // Uneven buffers: pieces must be cut at 1 MiB whatever the reads were.
        for (int off = 0; off < content.length; off += 300_001) {
            hasher.update(ByteBuffer.wrap(content, off, Math.min(300_001, content.length - off)));
        }
        return hasher.manifest();
    }

    @Test
    void every_piece_is_1_MiB_but_the_last_and_each_verifies_only_its_own_bytes() {
        byte[] content = bytes(2 * PieceManifest.PIECE + 12_345);
        PieceManifest m = manifestOf(content);
        assertThat(m.pieces()).hasSize(3);
        assertThat(m.length(0)).isEqualTo(PieceManifest.PIECE);
        assertThat(m.length(2)).isEqualTo(12_345);
        for (int i = 0; i < 3; i++) {
            byte[] piece = Arrays.copyOfRange(content, (int) PieceManifest.start(i), (int) PieceManifest.start(i) + m.length(i));
            assertThat(m.verify(i, piece, piece.length)).isTrue();
            assertThat(m.verify((i + 1) % 3, piece, piece.length)).isFalse();
            piece[piece.length / 2] ^= 1;
            assertThat(m.verify(i, piece, piece.length)).isFalse();
        }
        assertThat(m.verify(3, new byte[1], 1)).isFalse();
        assertThat(m.verify(2, new byte[PieceManifest.PIECE], 12_344)).isFalse();
    }

    @Test
    void a_manifest_reads_back_from_its_text_and_must_have_one_hash_per_piece() {
        PieceManifest m = manifestOf(bytes(PieceManifest.PIECE + 1));
        assertThat(PieceManifest.parse(m.text())).isEqualTo(m);
        assertThat(manifestOf(new byte[0]).pieces()).isEmpty();
        assertThatThrownBy(() -> new PieceManifest(PieceManifest.PIECE + 1, m.pieces().subList(0, 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
