package io.copyjobs.transfer;

import io.copyjobs.cluster.Peers;
import io.copyjobs.content.ContentId;
import io.copyjobs.content.PeerFetch;
import io.copyjobs.json.Json;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * This node's fetches of contents into its store, one {@link ContentFlight} per content at a
 * time: a job or seed that wants a content already in flight waits for that flight (seeing its
 * progress), then looks again. Also what every flight of this node shares: the parts of the
 * cache, the origin downloader and the peers it stopped asking ({@link PeerBans}).
 */
final class Flights {
    private static final long TICK_MILLIS = 100;

    /** How a seeder answered a request to seed. */
    enum SeedAnswer { SEEDING, REFUSED, UNREACHABLE }

    private final SharedDownloads.Parts parts;
    private final FileDownloader downloader;
    private final PeerBans bans = new PeerBans();
    private final Map<ContentId, CompletableFuture<Void>> running = new ConcurrentHashMap<>();

    Flights(SharedDownloads.Parts parts, FileDownloader downloader) {
        this.parts = parts;
        this.downloader = downloader;
    }

    /** True while a flight of {@code id} runs here. */
    boolean flying(ContentId id) {
        return running.containsKey(id);
    }

    /** Runs the content's flight here, or waits for the one running (reporting its progress), until it is held. */
    ContentFlight.Landed obtain(ContentId id, FileTask origin, ProgressListener listener, BooleanSupplier cancelled)
            throws TransferStop, InterruptedException {
        ProgressThrottle progress = new ProgressThrottle(listener, DownloadSettings.PROGRESS_INTERVAL, Long.MAX_VALUE,
                System::nanoTime);
        while (true) {
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> other = running.putIfAbsent(id, mine);
            if (other == null) {
                try {
                    return new ContentFlight(this, id, origin, listener, cancelled).run();
                } finally {
                    running.remove(id, mine);
                    mine.complete(null);
                }
            }
            while (!landed(other)) {
                if (cancelled.getAsBoolean()) {
                    throw TransferStop.cancelled();
                }
                progress.offer(-1, parts.store().available(id));
            }
        }
    }

    /** Waits up to a tick for the other flight: true once it ended (however), at once when it does. */
    private static boolean landed(CompletableFuture<Void> flight) throws InterruptedException {
        try {
            flight.get(TICK_MILLIS, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            // Flights complete normally only (see obtain); a failure would still mean it ended.
            return true;
        }
    }

    /** Asks {@code seeder} to seed. */
    CompletableFuture<SeedAnswer> askToSeed(String seeder, ContentId id, String url) {
        byte[] body = Json.bytes(Map.of("url", url));
        return parts.peers().post(Peers.host(seeder), PeerFetch.PATH + id.hex() + "/seed", body)
                .handle((status, error) -> error != null ? SeedAnswer.UNREACHABLE
                        : status == 202 ? SeedAnswer.SEEDING : SeedAnswer.REFUSED);
    }

    /** A write to the store that failed (a full disk): the job's error. */
    TransferStop localFailure(IOException e, ContentId id, int fileIndex) {
        return Failures.localFile(e, parts.store().directory(), SharedDownloads.cacheCopy(id.key()), fileIndex);
    }

    /** The stop that a failed or cancelled origin download ends a flight with. */
    static TransferStop stopOf(DownloadResult result) {
        if (result instanceof DownloadResult.Failed failed) {
            return TransferStop.failed(failed.error(), failed.transientError());
        }
        return TransferStop.cancelled();
    }

    SharedDownloads.Parts parts() {
        return parts;
    }

    FileDownloader downloader() {
        return downloader;
    }

    PeerBans bans() {
        return bans;
    }
}
