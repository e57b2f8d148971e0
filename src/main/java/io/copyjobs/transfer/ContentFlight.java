package io.copyjobs.transfer;

import io.copyjobs.content.ContentId;
import io.copyjobs.content.ContentRecord;
import io.copyjobs.content.PeerFailure;
import io.copyjobs.content.PieceManifest;
import io.copyjobs.content.StoredContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * One node's fetch of one content into its store (issue 17's single flight): from live holders
 * that have bytes it lacks, a holder still downloading included; else, on the content's seeder,
 * from the origin; else it asks the seeder to seed and fetches from it as its bytes appear,
 * falling back to the origin when the seeder cannot be asked or shows no progress for
 * {@link #PATIENCE}. A peer whose piece fails the manifest is banned for this content; when the
 * whole-file check fails after peers' bytes, those peers are banned and the origin decides.
 */
final class ContentFlight {
    private static final Logger LOG = LoggerFactory.getLogger(ContentFlight.class);
    /** Covers the seeder's own connect-and-headers wait for the origin (30 s) before the others give up on it. */
    static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration REST = Duration.ofSeconds(5);
    private static final Duration ASK_AGAIN = Duration.ofSeconds(5);
    private static final Duration UNREACHABLE_GRACE = Duration.ofSeconds(10);
    private static final long CHUNK = 16L << 20;
    private static final long TICK_MILLIS = 100;

    /** What the flight cost: bytes from the origin and from peers. */
    record Landed(StoredContent content, long fromOrigin, long fromPeers) {
    }

    private final SharedDownloads node;
    private final SharedDownloads.Parts parts;
    private final ContentId id;
    private final FileTask origin;
    private final ProgressThrottle progress;
    private final BooleanSupplier cancelled;
    private final Set<String> banned = new HashSet<>();
    private final Set<String> contributors = new HashSet<>();
    private final Map<String, Long> resting = new HashMap<>();
    private long fromOrigin;
    private long fromPeers;
    /** Also set by the answer to a seed request, on the peer client's thread. */
    private volatile long lastGrowth = System.nanoTime();
    private long lastAsk = Long.MIN_VALUE;
    private long seen = -1;
    private boolean originOnly;

    ContentFlight(SharedDownloads node, ContentId id, FileTask origin, ProgressListener listener, BooleanSupplier cancelled) {
        this.node = node;
        this.parts = node.parts();
        this.id = id;
        this.origin = origin;
        this.progress = new ProgressThrottle(listener, DownloadSettings.PROGRESS_INTERVAL, Long.MAX_VALUE, System::nanoTime);
        this.cancelled = cancelled;
    }

    Landed run() throws TransferStop, InterruptedException {
        while (true) {
            if (cancelled.getAsBoolean()) {
                throw TransferStop.cancelled();
            }
            Optional<StoredContent> done = parts.store().complete(id);
            if (done.isPresent()) {
                return new Landed(done.get(), fromOrigin, fromPeers);
            }
            step(parts.store().available(id), usable());
        }
    }

    /** One move: verify, fetch from a peer, fetch from the origin, or ask the seeder and wait a tick. */
    private void step(long have, List<ContentRecord> holders) throws TransferStop, InterruptedException {
        long size = holders.stream().mapToLong(ContentRecord::size).max().orElse(-1);
        PieceManifest manifest = holders.stream().map(ContentRecord::manifest).filter(m -> m != null).findFirst().orElse(null);
        noteGrowth(holders);
        Optional<ContentRecord> ahead = originOnly ? Optional.empty() : pick(holders, have, manifest);
        if (size > 0 && have >= size) {
            verify();
        } else if (ahead.isPresent()) {
            fetchFrom(ahead.get(), have, manifest, size);
        } else if (origin.remoteUrl().isEmpty()) {
            awaitPeers();
        } else if (originOnly || toOrigin()) {
            fromOrigin();
        } else {
            askSeeder();
            Thread.sleep(TICK_MILLIS);
        }
    }

    private List<ContentRecord> usable() {
        long now = System.nanoTime();
        resting.values().removeIf(until -> until < now);
        // Agreeing before banned or resting ones leave: a complete holder resting for a while still tells the size.
        return agreeing(parts.directory().holders(id)).stream()
                .filter(h -> !banned.contains(h.node()) && !resting.containsKey(h.node())).toList();
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
    private static Optional<ContentRecord> pick(List<ContentRecord> holders, long have, PieceManifest manifest) {
        long from = manifest == null ? have : have - have % PieceManifest.PIECE;
        List<ContentRecord> ahead = holders.stream().filter(h -> h.complete()
                || h.available() > have && (manifest == null || h.available() >= from + PieceManifest.PIECE)).toList();
        List<ContentRecord> complete = ahead.stream().filter(ContentRecord::complete).toList();
        if (!complete.isEmpty()) {
            return Optional.of(complete.get(ThreadLocalRandom.current().nextInt(complete.size())));
        }
        return ahead.stream().max(Comparator.comparingLong(ContentRecord::available));
    }

    private void noteGrowth(List<ContentRecord> holders) {
        long now = holders.stream().mapToLong(h -> h.available() + 1).sum();
        if (now != seen) {
            seen = now;
            lastGrowth = System.nanoTime();
        }
    }

    private void fetchFrom(ContentRecord holder, long have, PieceManifest manifest, long size)
            throws TransferStop, InterruptedException {
        long from = manifest == null ? have : have - have % PieceManifest.PIECE;
        long to = Math.min(holder.available(), from + CHUNK);
        try {
            long got = parts.peerFetch().fetch(id, holder.node(), from, to, manifest, cancelled);
            adoptValidator(holder);
            fromPeers += got;
            contributors.add(holder.node());
            lastGrowth = System.nanoTime();
            long now = parts.store().available(id);
            parts.advertiser().progress(id, size, now, parts.store().validator(id).orElse(null));
            progress.offer(size, now);
        } catch (PeerFailure e) {
            LOG.info("content {}: {}", id, e.getMessage());
            if (e.corrupt()) {
                banned.add(holder.node());
            } else {
                resting.put(holder.node(), System.nanoTime() + REST.toNanos());
            }
        } catch (IOException e) {
            throw node.localFailure(e, id, origin.fileIndex());
        }
    }

    /** The bytes are all here: they become the content, or, being wrong, leave it to the origin. */
    private void verify() throws TransferStop {
        try {
            if (parts.store().finish(id).isEmpty()) {
                LOG.warn("content {}: the bytes from {} are not it; asking the origin", id, contributors);
                banned.addAll(contributors);
                originOnly = true;
            }
        } catch (IOException e) {
            throw node.localFailure(e, id, origin.fileIndex());
        }
    }

    /** A copy made for COPYJOBS_CONTENT_COPIES knows no origin: it waits for peers, for a while. */
    private void awaitPeers() throws TransferStop, InterruptedException {
        if (System.nanoTime() - lastGrowth > PATIENCE.toNanos()) {
            throw TransferStop.cancelled();
        }
        Thread.sleep(TICK_MILLIS);
    }

    private boolean toOrigin() {
        Optional<String> seeder = parts.fleet().seeder(id);
        boolean waitedEnough = System.nanoTime() - lastGrowth > PATIENCE.toNanos();
        return waitedEnough || seeder.isPresent() && (seeder.get().equals(parts.fleet().self()) || banned.contains(seeder.get()));
    }

    private void askSeeder() {
        Optional<String> seeder = parts.fleet().seeder(id);
        if (seeder.isEmpty() || System.nanoTime() - lastAsk < ASK_AGAIN.toNanos()) {
            return;
        }
        lastAsk = System.nanoTime();
        node.askToSeed(seeder.get(), id, origin.remoteUrl()).thenAccept(answer -> {
            if (answer == SharedDownloads.SeedAnswer.REFUSED) {
                // It seeds nothing (its transfers are off): no point waiting for it.
                lastGrowth = Long.MIN_VALUE / 2;
            } else if (answer == SharedDownloads.SeedAnswer.UNREACHABLE) {
                // Dead or leaving: the group gives its partition to another node within seconds; wait that long only.
                lastGrowth = Math.min(lastGrowth, System.nanoTime() - PATIENCE.toNanos() + UNREACHABLE_GRACE.toNanos());
            }
        });
    }

    private void fromOrigin() throws TransferStop, InterruptedException {
        long[] start = {-1};
        DownloadResult result = node.downloader().download(origin, (total, transferred) -> {
            if (start[0] < 0) {
                start[0] = transferred;
            }
            parts.advertiser().progress(id, total, transferred, parts.store().validator(id).orElse(null));
            progress.report(total, transferred);
        }, cancelled);
        if (result instanceof DownloadResult.Completed done) {
            fromOrigin += done.bytesTransferred() - Math.max(0, start[0]);
            verify();
            if (parts.store().complete(id).isEmpty()) {
                // The origin's bytes passed the download's check and failed the store's: never loop on them.
                throw Failures.checksum(origin.localName(), id.hex(), "another digest when read back", origin.fileIndex());
            }
            return;
        }
        throw SharedDownloads.stopOf(result);
    }

    /**
     * Bytes from peers carry no validator of the origin's: taken from the holder's record, an origin
     * download here later resumes after them (If-Range) instead of starting again from 0 (a seeder
     * that died mid-file leaves the rest to the next one).
     */
    private void adoptValidator(ContentRecord holder) throws IOException {
        if (holder.validator() != null && parts.store().validator(id).isEmpty()) {
            parts.store().adoptValidator(id, holder.validator());
        }
    }
}
