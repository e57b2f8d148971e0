package io.copyjobs.content;

/**
 * What a node does when a peer asks it to seed a content it is the seeder of: fetch it from
 * {@code url} into its store, with its own transfer rules (deny list, size limit), whether or not
 * a job of its own needs it, advertising the bytes as they arrive.
 */
@FunctionalInterface
public interface Seeding {
    void seed(ContentId id, String url);

    /**
     * A peer read bytes of {@code id} here: some job of the fleet still needs it. A seed goes on
     * only while peers want it (they read its bytes, or ask again while they wait for more).
     */
    default void wanted(ContentId id) {
        // a node that seeds nothing keeps no account
    }
}
