package io.copyjobs.transfer;

import io.copyjobs.content.ContentId;
import io.copyjobs.content.ContentRecord;
import io.copyjobs.content.PeerBusy;
import io.copyjobs.content.PeerFailure;
import io.copyjobs.content.PieceManifest;
import io.copyjobs.content.StoredContent;
import io.copyjobs.job.ProxySettings;
import io.copyjobs.job.TransferOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One node's fetch of one content into its store (issue 17's single flight): from live holders
 * that have bytes it lacks, a holder still downloading included ({@link HolderChoice}); else, on
 * the content's seeder, from the origin; else it asks the seeder to seed and fetches from it as
 * its bytes appear, falling back to the origin when the seeder cannot be asked or shows no
 * progress ({@link SeederWatch}). A holder that answers busy (checking its copy) is waited for,
 * never banned, for a minute at most ({@link HolderChoice#BUSY_PATIENCE}). A peer whose piece
 * fails the manifest is banned for this content; when the whole-file check fails after peers'
 * bytes (all here, or the origin's resumed after them), those peers are banned, their bytes
 * dropped, and the origin alone decides: only a file that came wholly from the origin fails the
 * job with CJ_E_CHECKSUM_MISMATCH. A job with secret options (headers, credentials) never asks a
 * seeder: its own flight fetches the origin with them; the verified content is shared by its
 * digest as any other.
 */
final class ContentFlight {
    private static final Logger LOG = LoggerFactory.getLogger(ContentFlight.class);
    private static final long CHUNK = 16L << 20;
    private static final long TICK_MILLIS = 100;

    /** What the flight cost: bytes from the origin and from peers. */
    record Landed(StoredContent content, long fromOrigin, long fromPeers) {
    }

    private final Flights node;
    private final SharedDownloads.Parts parts;
    private final ContentId id;
    private final FileTask origin;
    private final ProgressThrottle progress;
    private final BooleanSupplier cancelled;
    private final HolderChoice holders;
    private final SeederWatch seeder;
    private long fromOrigin;
    private long fromPeers;
    private boolean originOnly;

    ContentFlight(Flights node, ContentId id, FileTask origin, ProgressListener listener, BooleanSupplier cancelled) {
        this.node = node;
        this.parts = node.parts();
        this.id = id;
        this.origin = origin;
        this.progress = new ProgressThrottle(listener, DownloadSettings.PROGRESS_INTERVAL, Long.MAX_VALUE, System::nanoTime);
        this.cancelled = cancelled;
        this.holders = new HolderChoice(parts.directory(), node.bans(), id);
        this.seeder = new SeederWatch(node, id);
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
            step(parts.store().available(id), holders.usable());
        }
    }

    /** One move: verify, fetch from a peer, fetch from the origin, or ask the seeder and wait a tick. */
    private void step(long have, List<ContentRecord> usable) throws TransferStop, InterruptedException {
        long size = usable.stream().mapToLong(ContentRecord::size).max().orElse(-1);
        PieceManifest manifest = usable.stream().map(ContentRecord::manifest).filter(m -> m != null).findFirst().orElse(null);
        seeder.note(usable);
        Optional<ContentRecord> ahead = originOnly ? Optional.empty() : HolderChoice.pick(usable, have, manifest);
        if (size > 0 && have >= size) {
            verify();
        } else if (ahead.isPresent()) {
            fetchFrom(ahead.get(), have, manifest, size);
        } else if (holders.awaitingBusy()) {
            // A holder checking its copy serves within seconds: the origin would cost the fleet the bytes again.
            Thread.sleep(TICK_MILLIS);
        } else if (origin.remoteUrl().isEmpty()) {
            awaitPeers();
        } else if (originOnly || ownWay() || seeder.toOrigin()) {
            fromOrigin();
        } else {
            seeder.askSeeder(origin.remoteUrl());
            Thread.sleep(TICK_MILLIS);
        }
    }

    /**
     * True when the job fetches its origin itself: a seeder asked by URL would fetch it with none of
     * the job's headers or credentials (failing, or fetching what the origin gives strangers), and
     * through the node's proxy, not the one the job chose (OVERRIDE) or the direct way (NO_PROXY).
     */
    private boolean ownWay() {
        TransferOptions options = origin.options();
        return options.hasSecrets() || options.proxy() != null && options.proxy().usage() != ProxySettings.Usage.PRECONFIG;
    }

    private void fetchFrom(ContentRecord holder, long have, PieceManifest manifest, long size)
            throws TransferStop, InterruptedException {
        long from = manifest == null ? have : have - have % PieceManifest.PIECE;
        // Up to a chunk, not only what the holder last advertised (every 2 s while it downloads):
        // it answers with the bytes it has by now, and its answer's Content-Range says how far.
        long to = size > 0 ? Math.min(size, from + CHUNK) : from + CHUNK;
        try (Bandwidth.Throttle throttle = node.downloader().throttle(origin)) {
            long got = parts.peerFetch().fetch(id, holder.node(), from, to, manifest, cancelled, throttle);
            adoptValidator(holder);
            fromPeers += got;
            holders.contributed(holder.node());
            seeder.grew();
            advertise(size);
            progress.offer(size, parts.store().available(id));
        } catch (PeerBusy e) {
            LOG.debug("content {}: {}", id, e.getMessage());
            if (!holders.busy(holder.node(), e.retryAfter())) {
                LOG.info("content {}: {} has been busy for {} s; going on without it", id, holder.node(),
                        HolderChoice.BUSY_PATIENCE.toSeconds());
            }
        } catch (PeerFailure e) {
            if (e.corrupt()) {
                LOG.warn("content {}: {}; not asking it for this content again", id, e.getMessage());
                holders.ban(holder.node());
            } else {
                LOG.info("content {}: {}", id, e.getMessage());
                holders.rest(holder.node());
            }
        } catch (IOException e) {
            throw node.localFailure(e, id, origin.fileIndex());
        }
    }

    /** The bytes are all here: they become the content, or, being wrong, leave it to the origin. */
    private void verify() throws TransferStop {
        try {
            if (parts.store().finish(id).isEmpty()) {
                LOG.warn("content {}: the bytes from {} are not it; asking the origin", id, holders.banContributors());
                originOnly = true;
            }
        } catch (IOException e) {
            throw node.localFailure(e, id, origin.fileIndex());
        }
    }

    /** Tells the fleet how far this node's file of the content is, paced by the advertiser. */
    private void advertise(long size) {
        parts.advertiser().progress(id, size, parts.store().servable(id), parts.store().validator(id).orElse(null));
    }

        /** A copy made for COPYJOBS_CONTENT_COPIES knows no origin: it waits for peers, for a while. */
    private void awaitPeers() throws TransferStop, InterruptedException {
        if (seeder.patienceOver()) {
            throw TransferStop.cancelled();
        }
        Thread.sleep(TICK_MILLIS);
    }

    private void fromOrigin() throws TransferStop, InterruptedException {
        boolean onPeerBytes = parts.store().unchecked(id) || holders.anyContributed();
        long[] start = {-1};
        long[] size = {-1};
        // Hashed as it is written, whole and by piece, so that the store's check after the last byte need not read it.
        ContentHashes hashes = new ContentHashes(() -> advertise(size[0]));
        DownloadResult result = node.downloader().download(origin, (total, transferred) -> {
            if (start[0] < 0) {
                start[0] = transferred;
                if (transferred == 0) {
                    parts.store().restartedFromOrigin(id);
                }
            }
            size[0] = total;
            advertise(total);
            progress.report(total, transferred);
        }, cancelled, hashes);
        if (result instanceof DownloadResult.Completed done) {
            fromOrigin += done.bytesTransferred() - Math.max(0, start[0]);
            // Told at once: peers fetch the last bytes while the whole-file check runs here.
            advertise(done.bytesTransferred());
            hashes.last().ifPresent(hash -> parts.store().written(id, hash));
            verify();
            if (parts.store().complete(id).isEmpty()) {
                // The origin's bytes passed the download's check and failed the store's: never loop on them.
                throw Failures.checksum(origin.localName(), id.hex(), "another digest when read back", origin.fileIndex());
            }
            return;
        }
        if (onPeerBytes && start[0] != 0 && Failures.isChecksum(result)) {
            // The origin resumed after peers' bytes and the whole is not the content: theirs are the
            // suspects, not the origin's. They go (with the peers, banned); the origin alone decides.
            LOG.warn("content {}: the origin's bytes after those of {} are not it; fetching it all from the origin", id,
                    holders.banContributors());
            parts.store().discard(id);
            originOnly = true;
            return;
        }
        throw Flights.stopOf(result);
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
