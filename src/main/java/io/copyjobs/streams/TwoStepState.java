package io.copyjobs.streams;

import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The local state that a node of the two-step layout (before the one-transaction create) left in
 * its Streams state directory: tasks {@code 0_p} held the owner step's stores and {@code 1_p} the
 * job step's, where one task {@code 0_p} now holds both. Left alone, Streams would find the
 * {@code 0_p} tasks without checkpoints for the job stores, log them as corrupted and wipe them,
 * and keep the {@code 1_p} directories for ten minutes, warning about each at start. Removed
 * before Streams starts, the tasks restore every store from its changelog (the store names, and so
 * the changelogs, did not change): no data is lost, and the log says why it takes longer once.
 * Only the current topology has a single sub-topology, so a {@code 1_p} task is never its own.
 */
public final class TwoStepState {
    private static final Logger LOG = LoggerFactory.getLogger(TwoStepState.class);

    private TwoStepState() {
    }

    /** Removes the task directories under {@code appStateDir} when any is a job-step task of the old layout. */
    public static void clear(Path appStateDir) throws IOException {
        if (!Files.isDirectory(appStateDir)) {
            return;
        }
        List<Path> tasks;
        try (Stream<Path> entries = Files.list(appStateDir)) {
            tasks = entries.filter(p -> Files.isDirectory(p) && p.getFileName().toString().matches("\\d+_\\d+")).toList();
        }
        if (tasks.stream().noneMatch(TwoStepState::old)) {
            return;
        }
        LOG.info("the local Streams state in {} is of the two-step layout ({} task directories): removing it once; "
                + "each task restores its stores from their changelogs, which keep their names, so no data is lost",
                appStateDir, tasks.size());
        for (Path task : tasks) {
            Utils.delete(task.toFile());
        }
    }

    /**
     * A job-step task, or an owner-step task without the job stores (a node whose old assignment
     * held only owner-step tasks); a task of this layout opens all its RocksDB stores at once.
     */
    private static boolean old(Path task) {
        Path rocksdb = task.resolve("rocksdb");
        return task.getFileName().toString().startsWith("1_")
                || Files.isDirectory(rocksdb.resolve("owner-index")) && !Files.isDirectory(rocksdb.resolve("jobs"));
    }
}
