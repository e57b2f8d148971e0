package io.copyjobs.transfer;

import io.copyjobs.job.Job;
import io.copyjobs.job.JobId;
import io.copyjobs.streams.JobWatcher;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the engine last heard of each job of this node's partitions, and from where: the job step
 * tells it of changes, and every {@link #RESYNC} it reads each partition's work list again, so a
 * job it missed or a partition that moved away is known within seconds.
 */
final class KnownJobs {
    /** How often the engine reads all its work again; also bounds how late it learns of a moved partition. */
    static final Duration RESYNC = Duration.ofSeconds(1);
    /** A job not heard of for this long belongs to a partition this node no longer holds. */
    static final Duration FORGET_AFTER = Duration.ofSeconds(3);

    private final Map<JobId, Known> known = new ConcurrentHashMap<>();
    private final Map<Integer, JobWatcher.Work> partitions = new ConcurrentHashMap<>();
    private Instant lastResync = Instant.EPOCH;

    /** What the engine last heard of a job: its snapshot, its partition, and when. */
    record Known(Job job, int partition, Instant seen) {
    }

    void heard(Job job, int partition, Instant now) {
        known.put(job.id(), new Known(job, partition, now));
    }

    /** The job as a command of the engine's left it, if the engine still holds it. */
    void updated(Job job, Instant now) {
        known.computeIfPresent(job.id(), (id, old) -> new Known(job, old.partition(), now));
    }

    void forget(JobId id) {
        known.remove(id);
    }

    Known get(JobId id) {
        return known.get(id);
    }

    Collection<Known> all() {
        return known.values();
    }

    Set<JobId> ids() {
        return known.keySet();
    }

    void opened(int partition, JobWatcher.Work work) {
        partitions.put(partition, work);
    }

    /** Forgets the partition and its jobs; returns the jobs that were in it. */
    List<JobId> revoked(int partition) {
        partitions.remove(partition);
        List<JobId> leaving = known.values().stream().filter(k -> k.partition() == partition)
                .map(k -> k.job().id()).toList();
        known.values().removeIf(k -> k.partition() == partition);
        return leaving;
    }

    /**
     * Hears of every job of this node's partitions again when a resync is due (a partition whose
     * stores closed is dropped), and forgets jobs not heard of for {@link #FORGET_AFTER}.
     */
    void refresh(Instant now) {
        if (!now.isBefore(lastResync.plus(RESYNC))) {
            lastResync = now;
            partitions.forEach((partition, work) -> work.read().ifPresentOrElse(
                    jobs -> jobs.forEach(job -> heard(job, partition, now)),
                    () -> partitions.remove(partition, work)));
        }
        known.values().removeIf(k -> k.seen().isBefore(now.minus(FORGET_AFTER)));
    }
}
