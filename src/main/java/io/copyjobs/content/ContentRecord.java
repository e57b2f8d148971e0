package io.copyjobs.content;

import java.util.Objects;

/**
 * What one node says it holds of one content, the value of key {@code <hex>/<node>} on the
 * content topic (that node is the key's only writer; a tombstone when it deletes the content).
 *
 * @param node      the holder, {@code host:port}, as nodes name each other
 * @param size      the content's length, or -1 while the holder does not know it yet
 * @param available the contiguous bytes from the start the holder can serve now
 * @param complete  true once the holder verified the whole content
 * @param manifest  the piece manifest, once complete (null before, and for contents too large to
 *                  carry one within a record's size limit)
 * @param validator the origin's validator (ETag or Last-Modified) of the bytes so far, while they
 *                  arrive: a node that takes over from this one resumes the origin after them with it
 */
public record ContentRecord(String node, long size, long available, boolean complete, PieceManifest manifest,
                            String validator) {
    /** 8192 pieces (8 GiB) are a 540 KB manifest: within Kafka's 1 MB default record limit. */
    static final int MAX_MANIFEST_PIECES = 8192;

    public ContentRecord {
        Objects.requireNonNull(node, "node");
    }

    /** The record of a verified content, with its manifest when one fits. */
    static ContentRecord complete(String node, StoredContent content) {
        PieceManifest m = content.manifest().pieces().size() <= MAX_MANIFEST_PIECES ? content.manifest() : null;
        return new ContentRecord(node, content.size(), content.size(), true, m, null);
    }

    /** The key of {@code node}'s record of {@code id}. */
    static String key(ContentId id, String node) {
        return id.hex() + "/" + node;
    }
}
