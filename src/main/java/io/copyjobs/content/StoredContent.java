package io.copyjobs.content;

import java.nio.file.Path;

/**
 * A verified content in a node's {@link ContentStore}: its file (read-only by convention: jobs get
 * hard links to it) and its piece manifest.
 */
public record StoredContent(ContentId id, Path path, long size, PieceManifest manifest) {
}
