package io.copyjobs.content;

import java.util.List;
import java.util.Optional;

/**
 * Where the fleet holds a verified content, for serving a finished file whose own node cannot
 * (it died, say): this node's store, and the other live nodes the content topic names as holding
 * it whole. {@link #NONE} on a node without transfers, which holds nothing.
 */
public interface HeldContents {
    HeldContents NONE = new HeldContents() {
        @Override
        public Optional<StoredContent> here(ContentId id) {
            return Optional.empty();
        }

        @Override
        public List<String> elsewhere(ContentId id) {
            return List.of();
        }
    };

    /** This node's verified copy, if it has one. */
    Optional<StoredContent> here(ContentId id);

    /** The other live nodes ({@code host:port}) that hold it verified. */
    List<String> elsewhere(ContentId id);

    /** What {@code store} holds and {@code directory} says the other live nodes hold. */
    static HeldContents of(ContentStore store, ContentDirectory directory) {
        return new HeldContents() {
            @Override
            public Optional<StoredContent> here(ContentId id) {
                return store.complete(id);
            }

            @Override
            public List<String> elsewhere(ContentId id) {
                return directory.holders(id).stream().filter(ContentRecord::complete).map(ContentRecord::node).toList();
            }
        };
    }
}
