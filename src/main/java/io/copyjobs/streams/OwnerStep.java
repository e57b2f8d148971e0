package io.copyjobs.streams;

import io.copyjobs.config.Config;
import io.copyjobs.wire.CommandRecord;
import io.copyjobs.wire.IdempotencyRecord;
import io.copyjobs.wire.IndexEntry;
import io.copyjobs.wire.Outcome;
import io.copyjobs.wire.OwnerMessage;
import io.copyjobs.job.Actor;
import io.copyjobs.job.Command;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobRules;
import io.copyjobs.job.JobState;
import io.copyjobs.job.Rejection;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Optional;

/**
 * The owner step, keyed by owner (SPEC §6): mints the id of each new job, keeps the exact count
 * of each owner's non-final jobs (the quota), the CreateJob idempotency keys, and the owner lists
 * that EnumJobs reads. A create that passes goes on to the job step, keyed by its new id.
 */
final class OwnerStep implements Processor<String, OwnerMessage, String, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(OwnerStep.class);
    private static final String KEYS = "K";
    static final int SWEEP_BATCH = 10_000;

    private final Config.Steps settings;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, IndexEntry> index;
    private KeyValueStore<String, Long> quota;
    private KeyValueStore<String, IdempotencyRecord> createKeys;
    private ExpiryIndex expiry;

    OwnerStep(Config.Steps settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        index = context.getStateStore(Stores.OWNER_INDEX.name());
        quota = context.getStateStore(Stores.OWNER_QUOTA.name());
        createKeys = context.getStateStore(Stores.CREATE_KEYS.name());
        expiry = new ExpiryIndex(context.getStateStore(Stores.OWNER_EXPIRY.name()));
        context.schedule(settings.sweepInterval(), PunctuationType.WALL_CLOCK_TIME, this::sweep);
    }

    @Override
    public void process(Record<String, OwnerMessage> record) {
        String owner = record.key();
        if (owner == null || record.value() == null) {
            throw new MalformedRecordException("owner-commands record without key or value");
        }
        if (record.value() instanceof OwnerMessage.Create create) {
            create(owner, create.command());
        } else {
            updateIndex((OwnerMessage.IndexUpdate) record.value());
        }
    }

    private void create(String owner, CommandRecord command) {
        if (!owner.equals(command.actor()) || !(command.command() instanceof Command.CreateJob createJob)) {
            throw new MalformedRecordException("a create on owner-commands must be a CreateJob keyed by its actor");
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        String idemKey = command.idempotencyKey() == null ? null : owner + OwnerIndexKeys.SEP + command.idempotencyKey();
        String fingerprint = idemKey == null ? null : IdempotencyRecord.fingerprint(createJob);
        if (idemKey != null) {
            IdempotencyRecord first = createKeys.get(idemKey);
            if (first != null) {
                replay(command, first, fingerprint, now);
                return;
            }
        }
        Actor actor = command.actorValue();
        Optional<Rejection> problem = JobRules.checkSpec(createJob.spec());
        long current = Optional.ofNullable(quota.get(owner)).orElse(0L);
        if (problem.isEmpty() && !actor.admin() && current >= settings.maxJobsPerOwner()) {
            problem = Optional.of(Rejection.of(ErrorCode.BG_E_TOO_MANY_JOBS_PER_USER, owner + " has " + current
                    + " unfinished jobs, the most one owner may have; complete or cancel some first"));
        }
        if (problem.isPresent()) {
            Outcome rejected = Outcome.rejected(command.requestId(), null, problem.get());
            remember(idemKey, IdempotencyRecord.of(rejected, now, fingerprint));
            context.forward(new Record<>(command.requestId(), rejected, now.toEpochMilli()), Names.OWNER_OUTCOMES);
            return;
        }
        JobId id = JobId.random();
        IndexEntry entry = new IndexEntry(id, owner, JobState.SUSPENDED, now, createJob.spec().displayName());
        put(entry);
        quota.put(owner, current + 1);
        remember(idemKey, IdempotencyRecord.created(id, now, fingerprint));
        context.forward(new Record<>(id.toString(), command.forJob(id, now, false), now.toEpochMilli()),
                Names.TO_COMMANDS);
    }

    /**
     * A retried CreateJob: another body under the key, or a rejection, is answered here; a made job
     * by the job step, which has the job and checks that the caller may still see it.
     */
    private void replay(CommandRecord command, IdempotencyRecord first, String fingerprint, Instant now) {
        if (!first.sameRequest(fingerprint)) {
            context.forward(new Record<>(command.requestId(), Outcome.rejected(command.requestId(), null,
                    IdempotencyRecord.reused()), now.toEpochMilli()), Names.OWNER_OUTCOMES);
        } else if (first.status() == Outcome.Status.REJECTED) {
            context.forward(new Record<>(command.requestId(), Outcome.replay(command.requestId(), first, null),
                    now.toEpochMilli()), Names.OWNER_OUTCOMES);
        } else {
            context.forward(new Record<>(first.jobId().toString(), command.forJob(first.jobId(), now, true),
                    now.toEpochMilli()), Names.TO_COMMANDS);
        }
    }

    private void remember(String idemKey, IdempotencyRecord first) {
        if (idemKey != null) {
            createKeys.put(idemKey, first);
            expiry.track(KEYS, first.at(), idemKey);
        }
    }

    private void updateIndex(OwnerMessage.IndexUpdate update) {
        IndexEntry e = update.entry();
        long delta = 0;
        if (update.removed()) {
            remove(e, e.state());
            delta = e.state().isFinal() ? 0 : -1;
        } else {
            if (update.previousState() == null) {
                delta = e.state().isFinal() ? 0 : 1;
            } else {
                remove(e, update.previousState());
                delta = !update.previousState().isFinal() && e.state().isFinal() ? -1 : 0;
            }
            put(e);
        }
        if (delta != 0) {
            long count = Math.max(0, Optional.ofNullable(quota.get(e.owner())).orElse(0L) + delta);
            if (count == 0) {
                quota.delete(e.owner());
            } else {
                quota.put(e.owner(), count);
            }
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

    private void sweep(long wallClockMs) {
        Instant cutoff = Instant.ofEpochMilli(wallClockMs).minus(settings.idempotencyTtl());
        var due = expiry.takeDue(KEYS, cutoff, SWEEP_BATCH);
        due.forEach(createKeys::delete);
        if (!due.isEmpty()) {
            LOG.debug("forgot {} expired CreateJob idempotency keys", due.size());
        }
    }
}
