package io.copyjobs.transfer;

import io.copyjobs.job.Command;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobState;
import io.copyjobs.job.TransferError;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Whose turn it is on a node's transfer engine: QUEUED jobs, and jobs in TRANSIENT_ERROR once
 * {@code minimumRetryDelaySeconds} have passed since their last failure (SPEC §2), FOREGROUND
 * before HIGH before NORMAL before LOW, then whichever was served longest ago. A job's last failure
 * is the one it records or, if later, the last one its transfers and retries met on this node: the
 * job step writes a retry that failed as the one before only at the job's pace, so the time the job
 * records can be older. Also when a job in TRANSIENT_ERROR is given up, after its no-progress timeout.
 */
final class Turns {
    private final Map<JobId, Instant> lastServed = new ConcurrentHashMap<>();
    private final Map<JobId, Instant> lastFailed = new ConcurrentHashMap<>();

    /**
     * The jobs to take up now, at most {@code free} of them, each noted as served: QUEUED ones to
     * start, TRANSIENT_ERROR ones to retry. {@code busy} jobs (a command or a transfer of theirs
     * under way) wait.
     */
    List<Job> next(Collection<Job> jobs, Predicate<JobId> busy, long free, Instant now) {
        List<Job> next = jobs.stream()
                .filter(job -> !busy.test(job.id()) && (job.state() == JobState.QUEUED || retryDue(job, now)))
                .sorted(Comparator.comparing(Job::priority)
                        .thenComparing(job -> lastServed.getOrDefault(job.id(), Instant.EPOCH))
                        .thenComparing(job -> job.times().modified()))
                .limit(Math.max(0, free))
                .toList();
        next.forEach(job -> lastServed.put(job.id(), now));
        return next;
    }

    /** A transfer or retry of the job met a failure on this node at {@code at}. */
    void failed(JobId id, Instant at) {
        lastFailed.put(id, at);
    }

    /** Forgets every job but {@code ids}. */
    void retainAll(Set<JobId> ids) {
        lastServed.keySet().retainAll(ids);
        lastFailed.keySet().retainAll(ids);
    }

    void forget(JobId id) {
        lastServed.remove(id);
        lastFailed.remove(id);
    }

    /**
     * The failure to send once a job in TRANSIENT_ERROR has gone on failing past its no-progress
     * timeout: its error again, which the job step turns into DO_E_DOWNLOAD_NO_PROGRESS and ERROR.
     */
    static Optional<Command.FailTransfer> giveUp(Job job, Instant now) {
        TransferError error = job.error();
        if (error == null || error.since() == null
                || now.isBefore(error.since().plusSeconds(job.noProgressTimeoutSeconds()))) {
            return Optional.empty();
        }
        return Optional.of(new Command.FailTransfer(new TransferError(error.code(), error.hresult(), error.context(),
                error.description(), error.fileIndex(), null, null), true));
    }

    /** A job in TRANSIENT_ERROR that has waited its retry delay (at once when it records no time). */
    private boolean retryDue(Job job, Instant now) {
        TransferError error = job.error();
        if (job.state() != JobState.TRANSIENT_ERROR || error == null || error.at() == null) {
            return job.state() == JobState.TRANSIENT_ERROR;
        }
        Instant met = lastFailed.getOrDefault(job.id(), Instant.EPOCH);
        Instant failed = met.isAfter(error.at()) ? met : error.at();
        return !now.isBefore(failed.plusSeconds(job.minimumRetryDelaySeconds()));
    }
}
