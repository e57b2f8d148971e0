package io.copyjobs.transfer;

import io.copyjobs.cluster.Peers;
import io.copyjobs.config.Config;
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
import io.copyjobs.job.FilePlaces;
import io.copyjobs.job.JobFile;
import io.copyjobs.job.TransferError;
import io.copyjobs.job.TransferOptions;
import io.copyjobs.metrics.TransferMeters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The files whose job gives a SHA-256, fetched through the fleet's content cache (issue 17): one
 * {@link ContentFlight} per content on this node at a time ({@link Flights}: other jobs wanting it
 * wait for that one), then a hard link (a copy where linking fails) from the store to the job's
 * part file, so that Complete, the content route and the janitor see a file like any other.
 * Also this node's side of {@link Seeding}, and its copies for COPYJOBS_CONTENT_COPIES
 * ({@link ContentSeeder}).
 */
public final class SharedDownloads implements Fetcher, Seeding, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SharedDownloads.class);

    /** The parts a node shares contents with, built once (see ContentAssembly). */
    public record Parts(ContentStore store, ContentDirectory directory, ContentAdvertiser advertiser, Fleet fleet,
                        PeerFetch peerFetch, Peers peers, TransferMeters meters, Config.Content settings) {
    }

    private final Parts parts;
    private final FileDownloader downloader;
    private final Flights flights;
    private final ContentSeeder seeder;

    public SharedDownloads(Parts parts, FileDownloader downloader, Replicas replicas) {
        this.parts = parts;
        this.downloader = downloader;
        this.flights = new Flights(parts, downloader);
        this.seeder = new ContentSeeder(flights, replicas);
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
                id.hex(), task.options(), task.job());
        JobPartLink link = new JobPartLink(target.get(), parts.store(), id);
        link.adopt();
        ProgressListener following = (total, transferred) -> {
            link.follow();
            listener.progress(total, transferred);
        };
        try {
            ContentFlight.Landed landed = flights.obtain(id, origin, following, cancelled);
            LOG.info("job {} file {}: {} is here, {} bytes from the origin, {} from peers", job, task.fileIndex(), id,
                    landed.fromOrigin(), landed.fromPeers());
            link.drop();
            return linked(landed, target.get(), task);
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

    @Override
    public Optional<DownloadResult> linkHeld(String job, FileTask task) {
        Optional<Path> target = JobDirectory.resolve(task.jobDir(), task.localName());
        Optional<ContentId> id = Optional.ofNullable(task.sha256()).flatMap(ContentId::ofSha256);
        if (target.isEmpty() || id.isEmpty()) {
            return Optional.empty();
        }
        parts.store().pin(id.get(), job);
        Optional<StoredContent> content = parts.store().complete(id.get());
        if (content.isEmpty()) {
            return Optional.empty();
        }
        LOG.info("job {} file {}: {} is held here, linked", job, task.fileIndex(), id.get());
        try {
            return Optional.of(linked(new ContentFlight.Landed(content.get(), 0, 0), target.get(), task));
        } catch (TransferStop stop) {
            return Optional.of(stop.result(0));
        }
    }

    /** The job's file, its content here: its part file linked to it (a cache hit when no byte came from the origin). */
    private DownloadResult linked(ContentFlight.Landed landed, Path target, FileTask task) throws TransferStop {
        if (landed.fromOrigin() == 0) {
            parts.meters().cacheHit();
        }
        materialise(landed.content(), JobDirectory.partFile(target), task);
        return new DownloadResult.Completed(landed.content().size(), landed.content().id().hex(), landed.fromOrigin(),
                landed.fromPeers());
    }

    /**
     * A failure the origin download described by the content's part name, described by the job's
     * file name: a checksum by the file, a write (a full cache disk) by the cache's copy of it.
     */
    private static DownloadResult named(DownloadResult result, String partName, String localName) {
        if (!(result instanceof DownloadResult.Failed f) || f.error().description() == null) {
            return result;
        }
        String description = f.error().description();
        String named = description.startsWith(partName + ":") ? localName + description.substring(partName.length())
                : description.replace(partName + FilePlaces.PART, cacheCopy(localName));
        TransferError e = f.error();
        return new DownloadResult.Failed(new TransferError(e.code(), e.hresult(), e.context(), named, e.fileIndex(), e.at(),
                e.since()), f.transientError(), f.bytesTransferred());
    }

    /** How a job's error names the content cache's file of one of its files: the owner sees no node's path. */
    static String cacheCopy(String name) {
        return "the content cache's copy of " + name;
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

    /** A file with a SHA-256 whose content this node's cache holds verified: {@link #fetch} only links it. */
    @Override
    public boolean holds(JobFile file) {
        return file.sha256() != null && ContentId.ofSha256(file.sha256()).map(parts.store()::verified).orElse(false);
    }

    @Override
    public void seed(ContentId id, String url) {
        seeder.seed(id, url);
    }

    @Override
    public void limit(String job, TransferOptions options) {
        downloader.limit(job, options);
    }

    @Override
    public void wanted(ContentId id) {
        seeder.wanted(id);
    }

    @Override
    public void release(String job) {
        parts.store().release(job);
    }

    @Override
    public void close() {
        seeder.close();
    }
}
