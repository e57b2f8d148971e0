package io.copyjobs.transfer;

import io.copyjobs.content.ContentDirectory;
import io.copyjobs.content.ContentId;
import io.copyjobs.content.ContentRecord;
import io.copyjobs.content.PieceManifest;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Which holder one {@link ContentFlight} fetches from next: a live one this node has not banned
 * and that is neither resting after a failure ({@link #REST}) nor busy (until its Retry-After), with
 * bytes it lacks; a complete one, at random, first. Remembers who contributed bytes, for the ban when the whole-file check fails.
 * A holder busy for longer than {@link #BUSY_PATIENCE} in all is treated as failing (resting), so
 * that a flight goes on without it (another holder, the seeder or the origin) rather than wait on it without end.
 */
final class HolderChoice {
    private static final Duration REST = Duration.ofSeconds(5);
    /**
     * How long one holder may answer busy before the flight stops waiting for it: it hashes its
     * whole copy before it serves it, at disk speed (~200 MB/s on a plain disk: 12 GB a minute),
     * so a holder busy for longer is one that will not serve soon, and the fleet's bytes are better
     * fetched again than waited for.
     */
    static final Duration BUSY_PATIENCE = Duration.ofSeconds(60);

    private final ContentDirectory directory;
    private final PeerBans bans;
    private final ContentId id;
    private final Set<String> contributors = new HashSet<>();
    private final Map<String, Long> resting = new HashMap<>();
    private final Map<String, Long> busy = new HashMap<>();
    /** When each holder first answered busy in this flight (cleared once it sends bytes). */
    private final Map<String, Long> busySince = new HashMap<>();
    private final LongSupplier nanoTime;

    HolderChoice(ContentDirectory directory, PeerBans bans, ContentId id) {
        this(directory, bans, id, System::nanoTime);
    }

    HolderChoice(ContentDirectory directory, PeerBans bans, ContentId id, LongSupplier nanoTime) {
        this.directory = directory;
        this.bans = bans;
        this.id = id;
        this.nanoTime = nanoTime;
    }

    /** The holders to consider now. */
    List<ContentRecord> usable() {
        long now = nanoTime.getAsLong();
        resting.values().removeIf(until -> until < now);
        busy.values().removeIf(until -> until < now);
        // Agreeing before banned or resting ones leave: a complete holder resting for a while still tells the size.
        return agreeing(directory.holders(id)).stream().filter(h -> !bans.banned(id, h.node())
                && !resting.containsKey(h.node()) && !busy.containsKey(h.node())).toList();
    }

    /**
     * The holders to believe: a complete one verified its bytes, so its size is the content's, and
     * a holder advertising another (a job whose URL serves other bytes under this SHA-256) is left
     * out, lest it end the fetch early or stretch it past the end. All while none is complete.
     */
    static List<ContentRecord> agreeing(List<ContentRecord> holders) {
        return holders.stream().filter(ContentRecord::complete).findFirst()
                .map(known -> holders.stream().filter(h -> h.size() == known.size()).toList())
                .orElse(holders);
    }

    /** A holder with at least one more checkable piece (any byte without a manifest): a complete one, at random, first. */
    static Optional<ContentRecord> pick(List<ContentRecord> holders, long have, PieceManifest manifest) {
        long from = manifest == null ? have : have - have % PieceManifest.PIECE;
        List<ContentRecord> ahead = holders.stream().filter(h -> h.complete()
                || h.available() > have && (manifest == null || h.available() >= from + PieceManifest.PIECE)).toList();
        List<ContentRecord> complete = ahead.stream().filter(ContentRecord::complete).toList();
        if (!complete.isEmpty()) {
            return Optional.of(complete.get(ThreadLocalRandom.current().nextInt(complete.size())));
        }
        return ahead.stream().max(Comparator.comparingLong(ContentRecord::available));
    }

    /** True once some peer sent bytes of this content in this flight. */
    boolean anyContributed() {
        return !contributors.isEmpty();
    }

    void contributed(String node) {
        contributors.add(node);
        busySince.remove(node);
    }

    /** A failure that may pass (unreachable, dropped): not asked again for a while. */
    void rest(String node) {
        resting.put(node, nanoTime.getAsLong() + REST.toNanos());
    }

    /**
     * A holder checking its copy: asked again after {@code retryAfter}, another one meanwhile; no
     * failure of it, until it has been busy for {@link #BUSY_PATIENCE}: then it rests as a failing
     * one, and the answer is false (no longer waited for).
     */
    boolean busy(String node, Duration retryAfter) {
        long now = nanoTime.getAsLong();
        if (now - busySince.computeIfAbsent(node, n -> now) >= BUSY_PATIENCE.toNanos()) {
            busy.remove(node);
            rest(node);
            return false;
        }
        busy.put(node, now + retryAfter.toNanos());
        return true;
    }

    /** True while some holder that answered busy (as of the last {@link #usable}) is to be asked again soon. */
    boolean awaitingBusy() {
        return !busy.isEmpty();
    }

    /** A bad piece: this node never asks {@code node} for the content again. */
    void ban(String node) {
        bans.ban(id, Set.of(node));
    }

    /** The bytes failed the whole-file check: every peer that sent some is banned; who they were. */
    Set<String> banContributors() {
        bans.ban(id, contributors);
        return Set.copyOf(contributors);
    }
}
