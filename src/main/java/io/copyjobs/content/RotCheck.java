package io.copyjobs.content;

import org.apache.kafka.common.utils.ThreadUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Whether a verified content's file still is the content, before the store serves it to a peer:
 * peers would catch rotten bytes by their pieces' hashes, but the holder would go on serving
 * (and advertising) them. The file is hashed again on its first serve after the node starts and
 * whenever it is not the file last verified (another file key or modification time: replaced or
 * written to); a stat per serve otherwise, not a read of the whole file.
 *
 * <p>The hash runs on {@link #CHECKS}, never on the serving request's thread: a serve waits for it
 * {@link #WAIT} at most (a small content's check ends within it), and is then told
 * {@link Verdict#CHECKING}, to answer "busy, ask again" rather than hold a request thread for as long
 * as the whole file takes to read. One hash per content at a time: serves that arrive while it runs
 * share it, and its finding stands until the file changes. A content found rotten is handed to the
 * store's {@code rotten} (deleted, no longer advertised).
 */
final class RotCheck {
    /** How long a serve waits for a check before it answers busy. */
    static final Duration WAIT = Duration.ofMillis(200);
    /** Every store's checks (a node has one store), two at a time: each reads a whole file, and the disk serves peers meanwhile. */
    static final ThreadPoolExecutor CHECKS = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), ThreadUtils.createThreadFactory("copyjobs-rot-check-%d", true));

    static {
        CHECKS.allowCoreThreadTimeOut(true);
    }

    /** What a serve may do with the content's file. */
    enum Verdict { SOUND, ROTTEN, CHECKING }

    /** How a file's bytes are hashed (a seam for the test that counts hashes). */
    interface Hash {
        String wholeHex(Path file) throws IOException;
    }

    /** What identifies the file as the one whose bytes were hashed. */
    private record Seen(Object fileKey, FileTime modified, long size) {
    }

    /** The last check of a content's file as it was then: running, or its finding (true: sound). */
    private record Check(Seen seen, CompletableFuture<Boolean> sound) {
    }

    private final Map<ContentId, Check> checks = new ConcurrentHashMap<>();
    private final Hash hash;
    private final Consumer<StoredContent> rotten;

    RotCheck(Consumer<StoredContent> rotten) {
        this(file -> StoreLayout.hash(file).wholeHex(), rotten);
    }

    RotCheck(Hash hash, Consumer<StoredContent> rotten) {
        this.hash = hash;
        this.rotten = rotten;
    }

    /** The file was just verified (by the store's finish). */
    void verified(StoredContent content) {
        seen(content.path()).ifPresentOrElse(s -> checks.put(content.id(), new Check(s, CompletableFuture.completedFuture(true))),
                () -> checks.remove(content.id()));
    }

    /**
     * SOUND when the file is the content as last verified, or hashed again now and found to be;
     * ROTTEN when it is gone, unreadable or other bytes (then handed to {@code rotten}); CHECKING
     * while its hash runs past {@link #WAIT}.
     */
    Verdict check(StoredContent content) {
        Optional<Seen> now = seen(content.path());
        if (now.isEmpty()) {
            rotten.accept(content);
            return Verdict.ROTTEN;
        }
        Check check = checks.compute(content.id(), (id, last) -> last != null && last.seen().equals(now.get()) ? last
                : new Check(now.get(), CompletableFuture.supplyAsync(() -> hashed(content, now.get()), CHECKS)));
        Optional<Boolean> found = within(check.sound(), WAIT);
        if (found.isEmpty()) {
            return Verdict.CHECKING;
        }
        return found.get() ? Verdict.SOUND : Verdict.ROTTEN;
    }

    private boolean hashed(StoredContent content, Seen now) {
        try {
            if (now.size() == content.size() && hash.wholeHex(content.path()).equals(content.id().hex())) {
                return true;
            }
        } catch (IOException e) {
            // unreadable: not served
        }
        rotten.accept(content);
        return false;
    }

    /** The check's finding, if it ends within {@code wait}. */
    private static Optional<Boolean> within(CompletableFuture<Boolean> check, Duration wait) {
        try {
            return Optional.of(check.get(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException | ExecutionException e) {
            // still running (an ExecutionException would be the JVM's error: hashed() catches the file's)
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    void forget(ContentId id) {
        checks.remove(id);
    }

    private static Optional<Seen> seen(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return Optional.of(new Seen(a.fileKey(), a.lastModifiedTime(), a.size()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
