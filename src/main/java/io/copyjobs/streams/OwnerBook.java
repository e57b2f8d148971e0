package io.copyjobs.streams;

import io.copyjobs.job.JobState;
import io.copyjobs.wire.IndexEntry;
import io.copyjobs.wire.OwnerMessage;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.Optional;

/**
 * The owner lists and the quota of the owners whose partition a task holds (SPEC §6): the one
 * place that changes them. Both steps of the task write here, in the transaction of the record
 * they process: the owner step when it admits a create, the job step when a job of a local owner
 * changes. Updates for an owner of another partition travel to it on {@code owner-commands}.
 */
final class OwnerBook {
    private final KeyValueStore<String, IndexEntry> index;
    private final KeyValueStore<String, Long> quota;

    OwnerBook(KeyValueStore<String, IndexEntry> index, KeyValueStore<String, Long> quota) {
        this.index = index;
        this.quota = quota;
    }

    /** The number of {@code owner}'s non-final jobs: what the quota is checked against. */
    long unfinished(String owner) {
        return Optional.ofNullable(quota.get(owner)).orElse(0L);
    }

    /** A job just created for its owner: listed, and counted against the quota. */
    void created(IndexEntry e) {
        put(e);
        add(e.owner(), 1);
    }

    /** A job's entry changed state, name or owner, or the job was purged. */
    void apply(OwnerMessage.IndexUpdate update) {
        IndexEntry e = update.entry();
        if (update.removed()) {
            remove(e, e.state());
            add(e.owner(), e.state().isFinal() ? 0 : -1);
        } else if (update.previousState() == null) {
            put(e);
            add(e.owner(), e.state().isFinal() ? 0 : 1);
        } else {
            remove(e, update.previousState());
            put(e);
            add(e.owner(), !update.previousState().isFinal() && e.state().isFinal() ? -1 : 0);
        }
    }

    private void add(String owner, long delta) {
        if (delta == 0) {
            return;
        }
        long count = Math.max(0, unfinished(owner) + delta);
        if (count == 0) {
            quota.delete(owner);
        } else {
            quota.put(owner, count);
        }
    }

    private void put(IndexEntry e) {
        index.put(OwnerIndexKeys.ownerKey(e), e);
        index.put(OwnerIndexKeys.globalKey(e, e.state()), e);
    }

    private void remove(IndexEntry e, JobState state) {
        index.delete(OwnerIndexKeys.ownerKey(e, state));
        index.delete(OwnerIndexKeys.globalKey(e, state));
    }
}
