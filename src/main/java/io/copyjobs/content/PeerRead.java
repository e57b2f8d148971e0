package io.copyjobs.content;

import java.nio.channels.FileChannel;

/** What a peer's request for a content finds in this node's store ({@link ContentStore#read}). */
public sealed interface PeerRead permits PeerRead.Open, PeerRead.Busy, PeerRead.Absent {
    /** What a peer may read, opened: the verified file's length, or the part's before unchecked bytes, when opened. */
    record Open(FileChannel channel, long length) implements PeerRead {
    }

    /** The verified file is being hashed again ({@link RotCheck}): ask again in a second. */
    record Busy() implements PeerRead {
    }

    /** No byte of it to serve: none held, or the held file was rotten (and is deleted). */
    record Absent() implements PeerRead {
    }
}
