package io.copyjobs.transfer;

import io.copyjobs.job.Command;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobState;
import io.copyjobs.metrics.TransferMeters;
import io.copyjobs.service.CommandBus;
import io.copyjobs.streams.JobWatcher;
import io.copyjobs.wire.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The transfer engine of a node (SPEC §8): it transfers the jobs of the partitions this node holds
 * as active, told of them by the job step ({@link JobWatcher}). Every change it makes to a job
 * goes through the commands topic as the system actor — StartTransfer, Progress, TransferError,
 * Retry — so the job step stays the single writer and every node sees the progress.
 *
 * <p>Scheduling: FOREGROUND before HIGH before NORMAL before LOW, then whichever job waited longest,
 * at most {@code maxTransfers} downloading at once ({@link Slots}: a job whose files this node
 * holds already takes no slot), each on a transfer thread of its own. A job that leaves the
 * active states (Suspend, Cancel, Complete), whose files get new URLs, or whose partition moves to
 * another node, has its transfer stopped within a second. A job in TRANSIENT_ERROR takes its turn
 * like a QUEUED one once {@code minimumRetryDelaySeconds} have passed since its last failure, as a {@link Transfer#retry}
 * that writes nothing unless the origin answers or the error changes. Maximum download times are {@link TransferClocks}.
 */
public final class TransferEngine implements JobWatcher, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransferEngine.class);
    static final Duration TICK = Duration.ofMillis(200);

    private final EngineCommands commands;
    private final Fetcher fetcher;
    private final FinalReleases releases;
    private final Path filesDir;
    private final String node;
    private final Clock clock;
    private final KnownJobs known = new KnownJobs();
    private final Turns turns = new Turns();
    private final Slots slots;
    private final ScheduledExecutorService ticker;
    private final TransferClocks clocks;

    public TransferEngine(CommandBus bus, Fetcher fetcher, Path filesDir, String node, int maxTransfers, Clock clock,
                          TransferMeters meters) {
        this.commands = new EngineCommands(bus, clock, job -> known.updated(job, clock.instant()));
        this.fetcher = fetcher;
        this.releases = new FinalReleases(fetcher);
        this.filesDir = filesDir;
        this.node = node;
        this.clock = clock;
        this.slots = new Slots(maxTransfers, fetcher);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> Slots.daemon(r, "copyjobs-transfer-scheduler"));
        this.clocks = new TransferClocks(ticker, clock, meters);
        ticker.scheduleWithFixedDelay(this::tickSafely, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void changed(Job job, int partition, boolean purged) {
        if (purged || !JobWatcher.needsEngine(job)) {
            known.forget(job.id());
            turns.forget(job.id());
            stop(job.id(), "it is " + (purged ? "purged" : job.state()));
        } else {
            known.heard(job, partition, clock.instant());
        }
        if (purged || job.state().isFinal()) {
            releases.finalJob(job.id(), () -> slots.runs(job.id()));
        }
    }

    /** Stops this partition's transfers and waits (briefly) until their threads let go of the files. */
    @Override
    public void revoked(int partition) {
        for (JobId id : known.revoked(partition)) {
            awaitStopped(id, Duration.ofSeconds(2));
            fetcher.release(id.toString());
        }
    }

    @Override
    public void opened(int partition, Work work) {
        known.opened(partition, work);
    }

    /** Stops the job's transfer on this node, if any, and waits (up to {@code timeout}) until its thread let go of the files. */
    public boolean awaitStopped(JobId id, Duration timeout) {
        stop(id, "its files are being finished");
        Transfer t = slots.get(id);
        return t == null || t.awaitEnd(timeout);
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.error("transfer scheduling failed; trying again", e);
        }
    }

    private void tick() {
        Instant now = clock.instant();
        known.refresh(now);
        turns.retainAll(known.ids());
        slots.forEach((id, transfer) -> {
            KnownJobs.Known k = known.get(id);
            String why = k == null ? "its partition is no longer here" : transfer.outdatedBy(k.job());
            if (why != null) {
                stop(id, why);
            } else {
                transfer.follow(k.job());
            }
        });
        for (KnownJobs.Known k : known.all()) {
            Job job = k.job();
            boolean idle = !commands.awaiting(job.id()) && !slots.runs(job.id());
            if (idle && job.state() == JobState.TRANSIENT_ERROR) {
                Turns.giveUp(job, now).ifPresent(failure -> send(job.id(), failure));
            } else if (idle && (job.state() == JobState.CONNECTING || job.state() == JobState.TRANSFERRING)) {
                begin(new Transfer(job, this));
            }
        }
        takeTurns(now);
    }

    /**
     * Starts QUEUED jobs and retries those whose retry delay has passed, in turn, as far as the limit allows; those whose
     * files this node holds already take no slot ({@link Slots}), so all of them go at once.
     */
    private void takeTurns(Instant now) {
        Map<Boolean, List<Job>> byHeld = known.all().stream().map(KnownJobs.Known::job)
                .collect(Collectors.partitioningBy(slots::held));
        Predicate<JobId> busy = id -> commands.awaiting(id) || slots.runs(id);
        List<Job> next = new ArrayList<>(turns.next(byHeld.get(true), busy, Long.MAX_VALUE, now));
        next.addAll(turns.next(byHeld.get(false), busy, slots.free(awaitingStarts()), now));
        for (Job job : next) {
            if (job.state() == JobState.QUEUED) {
                start(job);
            } else {
                begin(Transfer.retry(job, this));
            }
        }
    }

    private long awaitingStarts() {
        return commands.awaitingJobs().stream().map(known::get)
                .filter(k -> k != null && k.job().state() == JobState.QUEUED && !slots.held(k.job())).count();
    }

    /** QUEUED → CONNECTING, then transfer once the job step has applied it. */
    private void start(Job job) {
        send(job.id(), new Command.StartTransfer()).thenAccept(o -> {
            // EngineCommands has put the CONNECTING job into what the engine knows already.
            if (o.status() == Outcome.Status.APPLIED) {
                begin(Transfer.started(o.job(), job.times().modified(), this));
            }
        });
    }

    /** Starts a transfer thread for the job, unless one runs or the node's limit is reached. */
    private void begin(Transfer transfer) {
        Job job = transfer.job();
        if (slots.start(transfer, () -> releases.ended(job.id()))) {
            LOG.info("transferring job {} of {} ({} files, {})", job.id(), job.owner(), job.files().size(), job.priority());
        }
    }

    private void stop(JobId id, String why) {
        Transfer t = slots.get(id);
        if (t != null && t.cancel()) {
            LOG.info("stopping the transfer of job {}: {}", id, why);
        }
    }

    /**
     * A retry's origin answered: the job goes back to QUEUED and on to CONNECTING, "awaiting" from
     * the first command to the second's outcome, so that the scheduler never takes it for a QUEUED
     * job of its own to start.
     */
    CompletableFuture<Outcome> requeue(JobId id) {
        return commands.sendInTurn(id, new Command.RetryTransfer(), new Command.StartTransfer());
    }

    /** Reports a failure the job's transfer met now, the time its next retry counts from. */
    CompletableFuture<Outcome> fail(JobId id, Command.FailTransfer failure) {
        turns.failed(id, clock.instant());
        return send(id, failure);
    }

    /** Sends a command as the system. */
    CompletableFuture<Outcome> send(JobId id, Command.JobCommand command) {
        return commands.send(id, command);
    }

    Path filesDir() {
        return filesDir;
    }

    String node() {
        return node;
    }

    Fetcher fetcher() {
        return fetcher;
    }

    TransferClocks clocks() {
        return clocks;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        slots.close();
    }
}
