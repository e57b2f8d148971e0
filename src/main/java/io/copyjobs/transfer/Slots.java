package io.copyjobs.transfer;

import io.copyjobs.job.Job;
import io.copyjobs.job.JobFile;
import io.copyjobs.job.JobId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * The transfers running on a node's engine, each on a thread of its own, and the slots they take:
 * at most {@code COPYJOBS_MAX_TRANSFERS} files downloaded at once. A job whose every unfinished
 * file this node holds already ({@link Fetcher#holds}: a content in its cache, which the job gets
 * as a hard link) downloads nothing, so it takes no slot and waits behind no download: 27 of the
 * 30 jobs of {@code bench/run.sh cache} were such, and each waited for a slot, then for its
 * StartTransfer's round trip to Kafka, four at a time. Such a transfer only links
 * ({@link Fetcher#linkHeld}): a file no longer held when its turn comes (evicted meanwhile) stops
 * it, downloading nothing outside the slots, and the engine starts the job again once a slot is free.
 */
final class Slots implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Slots.class);
    private final int max;
    private final Fetcher fetcher;
    private final Map<JobId, Transfer> running = new ConcurrentHashMap<>();
    /** The running transfers that take no slot. */
    private final Set<Transfer> held = ConcurrentHashMap.newKeySet();
    private final ExecutorService downloads;
    private final ExecutorService links;

    Slots(int max, Fetcher fetcher) {
        this.max = max;
        this.fetcher = fetcher;
        AtomicInteger n = new AtomicInteger();
        this.downloads = Executors.newFixedThreadPool(max, r -> daemon(r, "copyjobs-transfer-" + n.incrementAndGet()));
        this.links = Executors.newSingleThreadExecutor(r -> daemon(r, "copyjobs-transfer-held"));
    }

    /** True when the job has a file left to fetch and this node holds every such file already: its transfer takes no slot. */
    boolean held(Job job) {
        List<JobFile> left = job.files().stream().filter(f -> !f.completed()).toList();
        return !left.isEmpty() && left.stream().allMatch(fetcher::holds);
    }

    /** The slots free for downloads, {@code promised} of them to jobs about to start. */
    long free(long promised) {
        return max - (running.size() - held.size()) - promised;
    }

    /**
     * Runs the transfer on a thread, then {@code ended}; false (and nothing runs) when one of its
     * job runs, or when it needs a slot and none is free.
     */
    boolean start(Transfer transfer, Runnable ended) {
        JobId id = transfer.job().id();
        boolean takesNone = held(transfer.job());
        synchronized (running) {
            if (!takesNone && free(0) <= 0 || running.putIfAbsent(id, transfer) != null) {
                return false;
            }
            if (takesNone) {
                held.add(transfer);
            }
        }
        (takesNone ? links : downloads).submit(() -> {
            try {
                transfer.run(takesNone ? this::linkOnly : fetcher);
            } finally {
                synchronized (running) {
                    running.remove(id, transfer);
                    held.remove(transfer);
                }
                ended.run();
            }
        });
        return true;
    }

    /** How a transfer that takes no slot fetches: a link, or a stop (Cancelled) that leaves the file to a slot. */
    private DownloadResult linkOnly(String job, FileTask task, ProgressListener listener, BooleanSupplier cancelled) {
        return fetcher.linkHeld(job, task).orElseGet(() -> {
            LOG.info("job {} file {}: this node no longer holds its content (evicted since the job's turn); "
                    + "it waits for a transfer slot", job, task.fileIndex());
            return new DownloadResult.Cancelled(0);
        });
    }

    Transfer get(JobId id) {
        return running.get(id);
    }

    boolean runs(JobId id) {
        return running.containsKey(id);
    }

    void forEach(BiConsumer<JobId, Transfer> action) {
        running.forEach(action);
    }

    static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Cancels every transfer and waits (briefly) for their threads. */
    @Override
    public void close() {
        running.values().forEach(Transfer::cancel);
        downloads.shutdownNow();
        links.shutdownNow();
        try {
            downloads.awaitTermination(5, TimeUnit.SECONDS);
            links.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
