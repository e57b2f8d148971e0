package io.copyjobs.content;

/**
 * What a node does when a peer asks it to seed a content it is the seeder of: fetch it from
 * {@code url} into its store, with its own transfer rules (deny list, size limit), whether or not
 * a job of its own needs it, advertising the bytes as they arrive.
 */
@FunctionalInterface
public interface Seeding {
    void seed(ContentId id, String url);
}
