package io.copyjobs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The claim of one node on its data directory: an OS lock on {@code copyjobs.lock} in it, with the
 * holder's pid written in the file, held until the node stops (or its process dies, when the OS
 * drops it). A second node on the same directory would write into the first one's Kafka log,
 * Streams state and dev key; it is refused before it touches any of them.
 */
final class DataDirLock implements AutoCloseable {
    static final String FILE = "copyjobs.lock";
    /**
     * Lock files this JVM holds. Tests run several nodes in one JVM, and on POSIX systems closing
     * any channel of a file drops every lock the process has on it: a second node in this JVM must
     * be refused without opening the file at all.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dataDir} (made when missing) for this node.
     *
     * @throws IllegalStateException naming the other node's pid when another node holds it
     */
    static DataDirLock acquire(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.toRealPath().resolve(FILE);
        long self = ProcessHandle.current().pid();
        if (!HELD.add(file)) {
            throw inUse(dataDir, Long.toString(self));
        }
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel, dataDir, self);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((self + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
            return new DataDirLock(file, channel, lock);
        } catch (IOException | RuntimeException e) {
            HELD.remove(file);
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel, Path dataDir, long self) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            channel.close();
            throw inUse(dataDir, Long.toString(self));
        }
        if (lock == null) {
            channel.close();
            throw inUse(dataDir, holder(dataDir.resolve(FILE)));
        }
        return lock;
    }

    /** The pid the holder wrote, or empty while it has locked the file but not yet written it. */
    private static String holder(Path file) throws IOException {
        try {
            String pid = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return pid.matches("\\d+") ? pid : "";
        } catch (NoSuchFileException e) {
            return "";
        }
    }

    private static IllegalStateException inUse(Path dataDir, String pid) {
        return new IllegalStateException("another copyjobs node " + (pid.isEmpty() ? "" : "(pid " + pid + ") ")
                + "is using " + dataDir + ": stop it, or give this node its own COPYJOBS_DATA_DIR "
                + "(and its own ports)");
    }

    /** Releases the lock; the file stays, so that no other node can lock a file about to be deleted. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
            channel.close();
        } finally {
            HELD.remove(file);
        }
    }
}
