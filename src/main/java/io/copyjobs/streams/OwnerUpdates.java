package io.copyjobs.streams;

import io.copyjobs.job.Job;
import io.copyjobs.kafka.KeyPartitions;
import io.copyjobs.wire.CommandRecord;
import io.copyjobs.wire.IndexEntry;
import io.copyjobs.wire.OwnerMessage;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.util.Objects;

/**
 * How a job's change reaches its owner's list and quota. A job is minted in its owner's
 * partition, so the owner's {@link OwnerBook} is usually in the job step's own task and changes
 * in the same transaction; only an owner of another partition (a job taken over, or made before
 * ids were minted by partition) is sent the update on {@code owner-commands}, still in that
 * transaction, and applies it when its task reads it.
 */
final class OwnerUpdates {
    private final OwnerBook book;
    private final KeyPartitions partitions;
    private final ProcessorContext<String, Object> context;

    OwnerUpdates(OwnerBook book, KeyPartitions partitions, ProcessorContext<String, Object> context) {
        this.book = book;
        this.partitions = partitions;
        this.context = context;
    }

    /** The owner lists change with the job's owner, state or name. */
    void changed(Job before, Job after, long ts) {
        if (!before.owner().equals(after.owner())) {
            send(new OwnerMessage.IndexUpdate(CommandRecord.SCHEMA_VERSION, IndexEntry.of(before), null, true), ts);
            send(new OwnerMessage.IndexUpdate(CommandRecord.SCHEMA_VERSION, IndexEntry.of(after), null, false), ts);
        } else if (before.state() != after.state() || !Objects.equals(before.displayName(), after.displayName())) {
            send(new OwnerMessage.IndexUpdate(CommandRecord.SCHEMA_VERSION, IndexEntry.of(after), before.state(),
                    false), ts);
        }
    }

    /** A purged job leaves its owner's list. */
    void purged(Job job, long ts) {
        send(new OwnerMessage.IndexUpdate(CommandRecord.SCHEMA_VERSION, IndexEntry.of(job), null, true), ts);
    }

    private void send(OwnerMessage.IndexUpdate update, long ts) {
        String owner = update.entry().owner();
        if (partitions.of(owner) == context.taskId().partition()) {
            book.apply(update);
        } else {
            context.forward(new Record<>(owner, update, ts), Names.TO_OWNERS);
        }
    }
}
