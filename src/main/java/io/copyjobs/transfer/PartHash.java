package io.copyjobs.transfer;

import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * What a download hashes its part file with as it writes it, from byte 0 on: the SHA-256 a job's
 * file is checked by and recorded with, and whatever else wants those same bytes in the same
 * pass (a content's piece hashes, see {@link ContentHashes}), so that no one reads the file again.
 */
interface PartHash {
    /** Hashes the next bytes of the file; leaves {@code bytes}' position as it was. */
    void update(ByteBuffer bytes);

    /** The SHA-256 of the bytes so far, in lower-case hex; call once, after the last update. */
    String sha256();

    /** The SHA-256 alone. */
    static PartHash sha256Only() {
        MessageDigest digest = Sha256.newDigest();
        return new PartHash() {
            @Override
            public void update(ByteBuffer bytes) {
                digest.update(bytes.duplicate());
            }

            @Override
            public String sha256() {
                return Sha256.hex(digest);
            }
        };
    }
}
