package io.copyjobs.streams;

import io.copyjobs.config.Config;
import io.copyjobs.job.Actor;
import io.copyjobs.job.Command;
import io.copyjobs.job.Decision;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobEvent;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobState;
import io.copyjobs.job.JobStateMachine;
import io.copyjobs.json.JobDocument;
import io.copyjobs.kafka.KeyPartitions;
import io.copyjobs.wire.CommandRecord;
import io.copyjobs.wire.Outcome;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The job step, keyed by job id: the single writer of every job (SPEC §6). It applies the state
 * machine and, in the one transaction of the input record, writes the snapshot to the compacted
 * {@code jobs} topic, the notifications to {@code job-events}, the outcome to {@code outcomes}
 * and, when the owner's list must change, the owner's index and quota ({@link OwnerUpdates}). A
 * create reaches it from the owner step of the same task, in the same transaction.
 */
final class JobStep implements Processor<String, CommandRecord, String, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(JobStep.class);
    private static final String FINAL = "F";
    private static final String LIVE = "A";

    private final Config.Steps settings;
    private final KeyPartitions partitions;
    private final JobWatcher watcher;
    private final ActiveJobStores active;
    private final PromptCommits prompt;
    private ProgressPace pace;
    private KeyValueStore<String, String> work;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, JobDocument> jobs;
    private KeptKeys keys;
    private JobReplays replays;
    private ExpiryIndex expiry;
    private KeyValueStore<String, Long> counts;
    private OwnerUpdates owners;

    JobStep(Config.Steps settings, KeyPartitions partitions, JobWatcher watcher, ActiveJobStores active,
            PromptCommits prompt) {
        this.settings = settings;
        this.prompt = prompt;
        this.partitions = partitions;
        this.watcher = watcher;
        this.active = active;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        pace = new ProgressPace();
        jobs = context.getStateStore(Stores.JOBS.name());
        expiry = new ExpiryIndex(context.getStateStore(Stores.JOB_EXPIRY.name()));
        keys = new KeptKeys(context.getStateStore(Stores.JOB_KEYS.name()), expiry);
        replays = new JobReplays(keys);
        counts = context.getStateStore(Stores.JOB_COUNTS.name());
        work = context.getStateStore(Stores.JOB_WORK.name());
        owners = new OwnerUpdates(new OwnerBook(context.getStateStore(Stores.OWNER_INDEX.name()),
                context.getStateStore(Stores.OWNER_QUOTA.name())), partitions, context);
        context.schedule(settings.sweepInterval(), PunctuationType.WALL_CLOCK_TIME, this::sweep);
        active.opened(context.taskId().partition(), jobs);
        watcher.opened(context.taskId().partition(), this::workList);
    }

    @Override
    public void process(Record<String, CommandRecord> record) {
        CommandRecord command = record.value();
        if (command == null || command.jobId() == null || !command.jobId().toString().equals(record.key())) {
            throw new MalformedRecordException("a command must be keyed by the id of the job it names");
        }
        if (!(command.command() instanceof Command.CreateJob)) {
            // A create arrives from the owner step, which saw its record as sent.
            prompt.arrived(context, record.timestamp());
        }
        JobId id = command.jobId();
        Optional<Job> current = job(id.toString());
        Optional<Outcome> replayed = replays.replayed(command, current);
        if (replayed.isPresent()) {
            answer(replayed.get());
            return;
        }
        Instant now = command.command() instanceof Command.CreateJob ? command.issuedAt() : wallClock();
        if (pace.skip(command.command(), jobs.get(id.toString()), now.toEpochMilli())) {
            answer(Outcome.unchanged(command.requestId(), current.get()).withoutJob());
            return;
        }
        Outcome outcome = decide(id, current, command.command(), command.actorValue(), now, command.requestId());
        replays.remember(command, outcome, now);
        // The engine that sent a report learns the job from the watcher, in this process: a copy
        // of the whole job in every progress (or failure) outcome was a third of what it wrote.
        boolean report = command.command() instanceof Command.ReportProgress
                || command.command() instanceof Command.FailTransfer;
        answer(report ? outcome.withoutJob() : outcome);
    }

    /** Applies one command through the state machine and writes everything it changed. */
    private Outcome decide(JobId id, Optional<Job> current, Command command, Actor actor, Instant now,
                           String requestId) {
        Decision decision = pace.written(JobStateMachine.decide(id, current, command, actor, now), now.toEpochMilli());
        if (decision instanceof Decision.Applied applied) {
            save(current.orElse(null), applied.job(), applied.events(), now);
            return Outcome.applied(requestId, applied.job(), applied.result(), current.isEmpty());
        }
        if (decision instanceof Decision.Unchanged unchanged) {
            return Outcome.unchanged(requestId, unchanged.job(), unchanged.result());
        }
        return Outcome.rejected(requestId, id, ((Decision.Rejected) decision).rejection());
    }

    private void save(Job before, Job after, List<JobEvent> events, Instant now) {
        String id = after.id().toString();
        long ts = now.toEpochMilli();
        jobs.put(id, JobDocument.of(after));
        if (before != null) {
            expiry.untrack(kind(before), before.times().modified(), id);
        }
        countAndList(before, after);
        watcher.changed(after, context.taskId().partition(), false);
        expiry.track(kind(after), after.times().modified(), id);
        context.forward(new Record<>(id, after, ts), Names.TO_JOBS);
        for (JobEvent e : events) {
            context.forward(new Record<>(id, e, ts), Names.TO_EVENTS);
        }
        if (before != null) {
            owners.changed(before, after, ts);
        }
    }

    /**
     * Every store write is a changelog record in the transaction: only what changed is written (a
     * progress report changes neither the state counts nor the engine's work list).
     */
    private void countAndList(Job before, Job after) {
        if (before == null || before.state() != after.state()) {
            if (before != null) {
                count(before.state(), -1);
            }
            count(after.state(), 1);
        }
        boolean isWork = JobWatcher.needsEngine(after);
        if (isWork != (before != null && JobWatcher.needsEngine(before))) {
            if (isWork) {
                work.put(after.id().toString(), "");
            } else {
                work.delete(after.id().toString());
            }
        }
    }

    private void answer(Outcome outcome) {
        context.forward(new Record<>(outcome.requestId(), outcome, context.currentSystemTimeMs()), Names.OUTCOMES);
    }

    /**
     * Retention (SPEC §2): final jobs older than the retention are purged with a tombstone; jobs
     * left unmodified longer than the idle limit are cancelled by the system; expired
     * idempotency keys are forgotten.
     */
    private void sweep(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(wallClockMs);
        for (String id : expiry.takeDue(FINAL, now.minus(settings.retention()), OwnerStep.SWEEP_BATCH)) {
            purge(id, wallClockMs);
        }
        for (String id : expiry.takeDue(LIVE, now.minus(settings.idleCancel()), OwnerStep.SWEEP_BATCH)) {
            Optional<Job> job = job(id);
            job.ifPresent(j -> {
                LOG.info("cancelling job {} of {}: not modified since {}", id, j.owner(), j.times().modified());
                // The sweep took the job's expiry entry; decide() tracks the cancelled job anew.
                expiry.track(kind(j), j.times().modified(), id);
                decide(j.id(), job, new Command.Cancel(), Actor.SYSTEM, now, "idle-cancel-" + id);
            });
        }
        keys.forgetSentBefore(now.minus(settings.idempotencyTtl()));
    }

    private void purge(String id, long ts) {
        JobDocument gone = jobs.delete(id);
        if (gone == null) {
            return;
        }
        Job job = gone.job();
        LOG.info("purging job {} of {}: final since {}", id, job.owner(), job.times().modified());
        count(job.state(), -1);
        work.delete(id);
        watcher.changed(job, context.taskId().partition(), true);
        replays.forgetJob(id);
        context.forward(new Record<>(id, null, ts), Names.TO_JOBS);
        owners.purged(job, ts);
    }

    @Override
    public void close() {
        active.forget(context.taskId().partition(), jobs);
        watcher.revoked(context.taskId().partition());
    }

    /**
     * Every job of this partition the engine must act on (a small set: the active ones), read on
     * the engine's thread through the same layers an interactive query reads.
     */
    private Optional<List<Job>> workList() {
        List<Job> active = new ArrayList<>();
        try (KeyValueIterator<String, String> it = work.all()) {
            it.forEachRemaining(kv -> job(kv.key).ifPresent(active::add));
        } catch (InvalidStateStoreException e) {
            return Optional.empty();
        }
        return Optional.of(active);
    }

    private Optional<Job> job(String id) {
        return Optional.ofNullable(jobs.get(id)).map(JobDocument::job);
    }

    private void count(JobState state, long delta) {
        long n = Optional.ofNullable(counts.get(state.name())).orElse(0L) + delta;
        counts.put(state.name(), Math.max(0, n));
    }

    private Instant wallClock() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }

    private static String kind(Job job) {
        return job.state().isFinal() ? FINAL : LIVE;
    }
}
