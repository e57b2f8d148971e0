package io.copyjobs.streams;

import io.copyjobs.config.Config;
import io.copyjobs.job.Actor;
import io.copyjobs.job.Command;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobRules;
import io.copyjobs.job.JobState;
import io.copyjobs.job.Rejection;
import io.copyjobs.kafka.KeyPartitions;
import io.copyjobs.wire.CommandRecord;
import io.copyjobs.wire.IdempotencyRecord;
import io.copyjobs.wire.IndexEntry;
import io.copyjobs.wire.Outcome;
import io.copyjobs.wire.OwnerMessage;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Optional;

/**
 * The owner step, keyed by owner (SPEC §6): mints the id of each new job, keeps the exact count
 * of each owner's non-final jobs (the quota), the CreateJob idempotency keys, and the owner lists
 * that EnumJobs reads. The id it mints falls in the owner's own partition, so a create that passes
 * goes straight on to the job step of the same task: its job, outcome, index entry and quota
 * commit in one transaction.
 */
final class OwnerStep implements Processor<String, OwnerMessage, String, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(OwnerStep.class);
    static final int SWEEP_BATCH = 10_000;

    private final Config.Steps settings;
    private final KeyPartitions partitions;
    private final PromptCommits prompt;
    private ProcessorContext<String, Object> context;
    private OwnerBook book;
    private KeptKeys createKeys;

    OwnerStep(Config.Steps settings, KeyPartitions partitions, PromptCommits prompt) {
        this.settings = settings;
        this.partitions = partitions;
        this.prompt = prompt;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        if (context.taskId().partition() >= partitions.count()) {
            // No id of the configured count falls here: minting would never end.
            throw new IllegalStateException("task " + context.taskId() + " reads a partition beyond the "
                    + partitions.count() + " of COPYJOBS_PARTITIONS: the topics were given more partitions");
        }
        this.context = context;
        book = new OwnerBook(context.getStateStore(Stores.OWNER_INDEX.name()),
                context.getStateStore(Stores.OWNER_QUOTA.name()));
        createKeys = new KeptKeys(context.getStateStore(Stores.CREATE_KEYS.name()),
                new ExpiryIndex(context.getStateStore(Stores.OWNER_EXPIRY.name())));
        context.schedule(settings.sweepInterval(), PunctuationType.WALL_CLOCK_TIME, this::sweep);
    }

    @Override
    public void process(Record<String, OwnerMessage> record) {
        String owner = record.key();
        if (owner == null || record.value() == null) {
            throw new MalformedRecordException("owner-commands record without key or value");
        }
        if (record.value() instanceof OwnerMessage.Create create) {
            prompt.arrived(context, record.timestamp());
            create(owner, create.command());
        } else {
            book.apply((OwnerMessage.IndexUpdate) record.value());
        }
    }

    private void create(String owner, CommandRecord command) {
        if (!owner.equals(command.actor()) || !(command.command() instanceof Command.CreateJob createJob)) {
            throw new MalformedRecordException("a create on owner-commands must be a CreateJob keyed by its actor");
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        String idemKey = command.idempotencyKey() == null ? null : owner + OwnerIndexKeys.SEP + command.idempotencyKey();
        String fingerprint = idemKey == null ? null : IdempotencyRecord.fingerprint(createJob);
        Optional<IdempotencyRecord> first = createKeys.first(idemKey);
        if (first.isPresent()) {
            replay(command, first.get(), fingerprint, now);
            return;
        }
        long current = book.unfinished(owner);
        Optional<Rejection> problem = refusal(owner, createJob, command.actorValue(), current);
        if (problem.isPresent()) {
            Outcome rejected = Outcome.rejected(command.requestId(), null, problem.get());
            remember(idemKey, IdempotencyRecord.of(rejected, now, fingerprint));
            answer(rejected, now);
            return;
        }
        JobId id = mint();
        book.created(new IndexEntry(id, owner, JobState.SUSPENDED, now, createJob.spec().displayName()));
        remember(idemKey, IdempotencyRecord.created(id, now, fingerprint));
        toJob(command.forJob(id, now, false), now);
    }

    /**
     * A random v4 id in this task's partition (rejection sampling: uniform among those ids, about
     * one draw per partition, microseconds), so that the job's single writer is this task.
     */
    private JobId mint() {
        JobId id;
        do {
            id = JobId.random();
        } while (!local(id));
        return id;
    }

    private boolean local(JobId id) {
        return partitions.of(id.toString()) == context.taskId().partition();
    }

    /**
     * To the job's step: in this task when the job lives here (every job minted by partition),
     * else on {@code commands} (a job made before, whose id fell elsewhere).
     */
    private void toJob(CommandRecord command, Instant now) {
        Record<String, Object> record = new Record<>(command.jobId().toString(), command, now.toEpochMilli());
        context.forward(record, local(command.jobId()) ? Names.JOB_STEP : Names.TO_COMMANDS);
    }

    /** Why a create is refused: a bad spec, or an owner at the quota (administrators are exempt). */
    private Optional<Rejection> refusal(String owner, Command.CreateJob createJob, Actor actor, long current) {
        Optional<Rejection> problem = JobRules.checkSpec(createJob.spec());
        if (problem.isEmpty() && !actor.admin() && current >= settings.maxJobsPerOwner()) {
            return Optional.of(Rejection.of(ErrorCode.BG_E_TOO_MANY_JOBS_PER_USER, owner + " has " + current
                    + " unfinished jobs, the most one owner may have; complete or cancel some first"));
        }
        return problem;
    }

    /**
     * A retried CreateJob: another body under the key, or a rejection, is answered here; a made job
     * by the job step, which has the job and checks that the caller may still see it.
     */
    private void replay(CommandRecord command, IdempotencyRecord first, String fingerprint, Instant now) {
        if (!first.sameRequest(fingerprint)) {
            answer(Outcome.rejected(command.requestId(), null, IdempotencyRecord.reused()), now);
        } else if (first.status() == Outcome.Status.REJECTED) {
            answer(Outcome.replay(command.requestId(), first, null), now);
        } else {
            toJob(command.forJob(first.jobId(), now, true), now);
        }
    }

    private void answer(Outcome outcome, Instant now) {
        context.forward(new Record<>(outcome.requestId(), outcome, now.toEpochMilli()), Names.OUTCOMES);
    }

    private void remember(String idemKey, IdempotencyRecord first) {
        if (idemKey != null) {
            createKeys.remember(idemKey, first);
        }
    }

    private void sweep(long wallClockMs) {
        Instant cutoff = Instant.ofEpochMilli(wallClockMs).minus(settings.idempotencyTtl());
        int forgotten = createKeys.forgetSentBefore(cutoff);
        if (forgotten > 0) {
            LOG.debug("forgot {} expired CreateJob idempotency keys", forgotten);
        }
    }
}
