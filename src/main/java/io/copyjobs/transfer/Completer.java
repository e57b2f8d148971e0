package io.copyjobs.transfer;

import io.copyjobs.job.JobFile;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The file side of a job's end states (SPEC §2), run on the node that holds the job's bytes after
 * its download has stopped. Complete keeps every fully transferred file under its local name (an
 * atomic rename of the part file within the job directory) and deletes the other part files; Cancel
 * deletes the job directory. Both may run again after a crash and give the same answer.
 */
public final class Completer {
    private Completer() {
    }

    /** Which files Complete kept, by index; {@link #partial()} means BG_S_PARTIAL_COMPLETE. */
    public record Completion(List<Integer> kept, List<Integer> dropped) {
        public Completion {
            kept = List.copyOf(kept);
            dropped = List.copyOf(dropped);
        }

        public boolean partial() {
            return !dropped.isEmpty();
        }
    }

    /**
     * Renames the part file of each file the job records as completed to its local name and deletes
     * the part files of the others. A completed file whose part file is gone counts as kept when its
     * local name already exists (an earlier Complete), else as dropped.
     *
     * @throws IOException when a rename or delete fails; running it again finishes the work
     */
    public static Completion complete(Path jobDir, List<JobFile> files) throws IOException {
        List<Integer> kept = new ArrayList<>();
        List<Integer> dropped = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            JobFile file = files.get(i);
            Optional<Path> target = JobDirectory.resolve(jobDir, file.localName());
            boolean keep = target.isPresent() && file.completed() && keep(target.get(), file.bytesTransferred());
            (keep ? kept : dropped).add(i);
            if (target.isPresent()) {
                Files.deleteIfExists(PartFile.partPath(target.get()));
                Files.deleteIfExists(PartFile.metaPath(target.get()));
            }
        }
        return new Completion(kept, dropped);
    }

    /** Deletes everything the job wrote: its directory and all below it. Links are removed, not followed. */
    public static void cancel(Path jobDir) throws IOException {
        if (!Files.exists(jobDir)) {
            return;
        }
        Files.walkFileTree(jobDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Moves the part file to its name when it holds exactly the bytes the job recorded: a part file
     * of the same name left behind by a node that lost the job mid-file (each node with its own
     * files directory) is a fragment, not the file, and is deleted with the rest.
     */
    private static boolean keep(Path target, long size) throws IOException {
        Path part = PartFile.partPath(target);
        try {
            if (Files.size(part) != size) {
                return Files.exists(target) && Files.size(target) == size;
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (NoSuchFileException e) {
            return Files.exists(target) && Files.size(target) == size;
        }
    }
}
