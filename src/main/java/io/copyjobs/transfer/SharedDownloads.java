package io.copyjobs.transfer;

import io.copyjobs.cluster.Peers;
import io.copyjobs.content.ContentAdvertiser;
import io.copyjobs.content.ContentDirectory;
import io.copyjobs.content.ContentId;
import io.copyjobs.content.ContentStore;
import io.copyjobs.content.Fleet;
import io.copyjobs.content.PeerFetch;
import io.copyjobs.content.Replicas;
import io.copyjobs.content.Seeding;
import io.copyjobs.content.StoredContent;
import io.copyjobs.job.ErrorContext;
import io.copyjobs.job.TransferError;
import io.copyjobs.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The files whose job gives a SHA-256, fetched through the fleet's content cache (issue 17): one
 * {@link ContentFlight} per content on this node at a time (other jobs wanting it wait for that
 * one), then a hard link (a copy where linking fails) from the store to the job's part file, so
 * that Complete, the content route and the janitor see a file like any other.
 * Also this node's side of {@link Seeding}: a peer asks, this node fetches with its own rules.
 */
public final class SharedDownloads implements Fetcher, Seeding, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SharedDownloads.class);
    private static final long TICK_MILLIS = 100;

    /** The parts a node shares contents with, built once (see ContentAssembly). */
    public record Parts(ContentStore store, ContentDirectory directory, ContentAdvertiser advertiser, Fleet fleet,
                        PeerFetch peerFetch, Peers peers) {
    }

    private final Parts parts;
    private final FileDownloader downloader;
    private final Map<ContentId, CompletableFuture<Void>> flights = new ConcurrentHashMap<>();
    private final Set<ContentId> queued = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService seeders = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "copyjobs-seeder");
        t.setDaemon(true);
        return t;
    });
    private final Replicas replicas;
    private volatile boolean closed;

    public SharedDownloads(Parts parts, FileDownloader downloader, Replicas replicas) {
        this.parts = parts;
        this.downloader = downloader;
        this.replicas = replicas;
        seeders.scheduleWithFixedDelay(this::replicate, 2, 2, TimeUnit.SECONDS);
    }

    /** Fetches from peers the verified contents this node should hold a copy of and does not (no origin). */
    private void replicate() {
        for (ContentId id : parts.directory().contents()) {
            if (!flights.containsKey(id) && !parts.store().verified(id) && replicas.wanted(id, parts.fleet().self(),
                    parts.fleet().live(), parts.directory().holders(id), parts.store().room())) {
                seed(id, "");
            }
        }
    }

    /**
     * Fetches a file with a SHA-256 through the cache, its content pinned for job {@code job}; any
     * other from its URL, as before: only a file whose job names its digest is shared, as any other
     * could be poisoned or leak a private URL.
     */
    @Override
    public DownloadResult fetch(String job, FileTask task, ProgressListener listener, BooleanSupplier cancelled) {
        if (task.sha256() == null) {
            return downloader.download(task, listener, cancelled);
        }
        Optional<Path> target = JobDirectory.resolve(task.jobDir(), task.localName());
        ContentId id = ContentId.ofSha256(task.sha256()).orElseThrow();
        if (target.isEmpty()) {
            return Failures.invalid("localName: '" + task.localName() + "' is no plain path inside the job directory",
                    ErrorContext.LOCAL_FILE, task.fileIndex()).result(0);
        }
        parts.store().pin(id, job);
        FileTask origin = new FileTask(parts.store().directory(), task.fileIndex(), task.remoteUrl(), ContentStore.partName(id),
                id.hex());
        JobPartLink link = new JobPartLink(target.get(), parts.store(), id);
        link.adopt();
        ProgressListener following = (total, transferred) -> {
            link.follow();
            listener.progress(total, transferred);
        };
        try {
            ContentFlight.Landed landed = obtain(id, origin, following, cancelled);
            LOG.info("job {} file {}: {} is here, {} bytes from the origin, {} from peers", job, task.fileIndex(), id,
                    landed.fromOrigin(), landed.fromPeers());
            link.drop();
            materialise(landed.content(), JobDirectory.partFile(target.get()), task);
            return new DownloadResult.Completed(landed.content().size(), id.hex(), landed.fromOrigin(), landed.fromPeers());
        } catch (TransferStop stop) {
            DownloadResult result = stop.result(0);
            if (result instanceof DownloadResult.Failed f && !f.transientError()) {
                link.drop();
            }
            return named(result, origin.localName(), task.localName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DownloadResult.Cancelled(0);
        }
    }

    /** A failure the origin download described by the content's part name, described by the job's file name. */
    private static DownloadResult named(DownloadResult result, String partName, String localName) {
        if (result instanceof DownloadResult.Failed f && f.error().description() != null
                && f.error().description().startsWith(partName + ":")) {
            TransferError e = f.error();
            return new DownloadResult.Failed(new TransferError(e.code(), e.hresult(), e.context(),
                    localName + e.description().substring(partName.length()), e.fileIndex(), e.at(), e.since()),
                    f.transientError(), f.bytesTransferred());
        }
        return result;
    }

    /** Runs the content's flight here, or waits for the one running (reporting its progress), until it is held. */
    private ContentFlight.Landed obtain(ContentId id, FileTask origin, ProgressListener listener, BooleanSupplier cancelled)
            throws TransferStop, InterruptedException {
        ProgressThrottle progress = new ProgressThrottle(listener, DownloadSettings.PROGRESS_INTERVAL, Long.MAX_VALUE,
                System::nanoTime);
        while (true) {
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> running = flights.putIfAbsent(id, mine);
            if (running == null) {
                try {
                    return new ContentFlight(this, id, origin, listener, cancelled).run();
                } finally {
                    flights.remove(id, mine);
                    mine.complete(null);
                }
            }
            while (!running.isDone()) {
                if (cancelled.getAsBoolean()) {
                    throw TransferStop.cancelled();
                }
                progress.offer(-1, parts.store().available(id));
                Thread.sleep(TICK_MILLIS);
            }
        }
    }

    /** The job's part file as a hard link to the content, or a copy where the file system will not link. */
    private static void materialise(StoredContent content, Path part, FileTask task) throws TransferStop {
        try {
            Files.createDirectories(part.getParent());
            JobPartLink.linkOrCopy(part, content.path());
        } catch (IOException e) {
            throw Failures.localFile(e, part, task.localName() + ".part", task.fileIndex());
        }
    }

    @Override
    public void seed(ContentId id, String url) {
        if (closed || flights.containsKey(id) || parts.store().verified(id) || !queued.add(id)) {
            return;
        }
        seeders.execute(() -> {
            String pin = "seed " + id.hex();
            parts.store().pin(id, pin);
            try {
                obtain(id, new FileTask(parts.store().directory(), 0, url, ContentStore.partName(id), id.hex()), (t, b) -> {
                }, () -> closed);
            } catch (TransferStop | RuntimeException e) {
                LOG.info("seeding {} stopped: {}", id, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                parts.store().release(pin);
                queued.remove(id);
            }
        });
    }

    @Override
    public void release(String job) {
        parts.store().release(job);
    }

    /** How a seeder answered a request to seed. */
    enum SeedAnswer { SEEDING, REFUSED, UNREACHABLE }

    /** Asks {@code seeder} to seed. */
    CompletableFuture<SeedAnswer> askToSeed(String seeder, ContentId id, String url) {
        byte[] body = Json.bytes(Map.of("url", url));
        return parts.peers().post(Peers.host(seeder), PeerFetch.PATH + id.hex() + "/seed", body)
                .handle((status, error) -> error != null ? SeedAnswer.UNREACHABLE
                        : status == 202 ? SeedAnswer.SEEDING : SeedAnswer.REFUSED);
    }

    TransferStop localFailure(IOException e, ContentId id, int fileIndex) {
        return Failures.localFile(e, parts.store().directory(), id.key(), fileIndex);
    }

    /** The stop that a failed or cancelled origin download ends a flight with. */
    static TransferStop stopOf(DownloadResult result) {
        if (result instanceof DownloadResult.Failed failed) {
            return TransferStop.failed(failed.error(), failed.transientError());
        }
        return TransferStop.cancelled();
    }

    Parts parts() {
        return parts;
    }

    FileDownloader downloader() {
        return downloader;
    }

    @Override
    public void close() {
        closed = true;
        seeders.shutdownNow();
        try {
            seeders.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
