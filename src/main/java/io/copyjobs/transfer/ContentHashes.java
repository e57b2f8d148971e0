package io.copyjobs.transfer;

import io.copyjobs.content.PieceHasher;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The hashes an origin download into a content's part file takes: its SHA-256 and its pieces'
 * in the one pass of its writes, so that the store's whole-file check after the last byte takes
 * that hash instead of reading the file and hashing it twice more ({@code bench/run.sh cache}: a
 * seeder hashed every byte three times, twice after reading it back). The download makes a new
 * hash each time it starts writing the file (from 0, or after a prefix it reads back to hash), so
 * the last one made is that of the file as the download left it, from byte 0. One download's, on its thread.
 *
 * <p>Seeing every write, it also tells {@code grew} every {@value #GREW_BYTES} bytes: the seeder
 * advertises its bytes from there (paced by the advertiser), as the download's progress reports come
 * only every two seconds, and peers that caught up waited on the stale figure (bench/run.sh cache:
 * peers finished 3.3–4 s after the seeder).
 */
final class ContentHashes implements Supplier<PartHash> {
    static final long GREW_BYTES = 1L << 20;
    private final Runnable grew;
    private PieceHasher last;
    private long untold;

    ContentHashes(Runnable grew) {
        this.grew = grew;
    }

    @Override
    public PartHash get() {
        PieceHasher hasher = new PieceHasher();
        last = hasher;
        return new PartHash() {
            @Override
            public void update(ByteBuffer bytes) {
                untold += bytes.remaining();
                hasher.update(bytes.duplicate());
                if (untold >= GREW_BYTES) {
                    untold = 0;
                    grew.run();
                }
            }

            @Override
            public String sha256() {
                return hasher.wholeHex();
            }
        };
    }

    /** The hash of the file as the download left it; empty when it wrote none. */
    Optional<PieceHasher> last() {
        return Optional.ofNullable(last);
    }
}
