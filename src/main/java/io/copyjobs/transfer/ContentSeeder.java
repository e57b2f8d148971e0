package io.copyjobs.transfer;

import io.copyjobs.content.ContentId;
import io.copyjobs.content.ContentRecord;
import io.copyjobs.content.ContentStore;
import io.copyjobs.content.Departures;
import io.copyjobs.content.Replicas;
import io.copyjobs.content.Seeding;
import io.copyjobs.job.TransferOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The fetches this node makes for the fleet rather than for a job of its own, on two threads of
 * their own: a content a peer asked it to seed (from the origin, with this node's transfer
 * rules; stopped once no peer wanted it for {@code COPYJOBS_CONTENT_SEED_IDLE}), and every 2 s the copies
 * {@code COPYJOBS_CONTENT_COPIES} wants here (from peers only), with the sweep of departed
 * nodes' records ({@link Departures}).
 */
final class ContentSeeder implements Seeding, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ContentSeeder.class);
    /**
     * A seed or copy that failed here (a full or unwritable cache disk, the origin's bytes not the
     * content) is not tried again for this long: the copies loop would otherwise retry it every 2 s.
     */
    static final Duration RETRY_FAILED = Duration.ofMinutes(1);

    private final Flights flights;
    private final SharedDownloads.Parts parts;
    private final Replicas replicas;
    private final Departures departures;
    private final Set<ContentId> queued = ConcurrentHashMap.newKeySet();
    private final Map<ContentId, Long> failed = new ConcurrentHashMap<>();
    /** When a peer last asked to seed each content or read its bytes here. */
    private final Map<ContentId, Long> wanted = new ConcurrentHashMap<>();
    private final ScheduledExecutorService seeders = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "copyjobs-seeder");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    ContentSeeder(Flights flights, Replicas replicas) {
        this.flights = flights;
        this.parts = flights.parts();
        this.replicas = replicas;
        this.departures = new Departures(parts.directory(), parts.advertiser(), parts.fleet(), parts.settings().departureGrace());
        seeders.scheduleWithFixedDelay(this::replicate, 2, 2, TimeUnit.SECONDS);
    }

    /**
     * Fetches from peers the verified contents this node should hold a copy of and does not (no
     * origin); drops the records of nodes that left for good, of the contents it seeds.
     */
    private void replicate() {
        departures.sweep();
        // Once a pass, not once a content: the room left lists the store's directory.
        Set<String> live = parts.fleet().sharing();
        // Reads of contents this node seeds nothing of leave their times here: gone once stale.
        wanted.entrySet().removeIf(e -> unwanted(e.getKey()));
        long room = parts.store().room();
        for (ContentId id : parts.directory().contents()) {
            if (!flights.flying(id) && !parts.store().verified(id)
                    && replicas.wanted(id, parts.fleet().self(), live, unbanned(id), room)) {
                seed(id, "");
            }
        }
    }

    /** The holders this node still asks: a copy only banned peers hold is no copy, and cannot come from them. */
    private List<ContentRecord> unbanned(ContentId id) {
        return parts.directory().holders(id).stream().filter(h -> !flights.bans().banned(id, h.node())).toList();
    }

    @Override
    public void seed(ContentId id, String url) {
        if (!url.isEmpty()) {
            wanted(id);
        }
        if (closed || flights.flying(id) || parts.store().verified(id) || failedLately(id) || !queued.add(id)) {
            return;
        }
        seeders.execute(() -> {
            String pin = "seed " + id.hex();
            parts.store().pin(id, pin);
            try {
                // A seed knows the URL only: no job's headers or credentials (issue 18) go with it.
                FileTask task = new FileTask(parts.store().directory(), 0, url, ContentStore.partName(id), id.hex(),
                        TransferOptions.NONE);
                // A copy this node wants for itself goes on; a seed for peers only while they want it.
                flights.obtain(id, task,
                        (t, b) -> {
                        }, () -> closed || !url.isEmpty() && unwanted(id));
                failed.remove(id);
            } catch (TransferStop e) {
                stopped(id, e);
            } catch (RuntimeException e) {
                LOG.info("seeding {} stopped: {}", id, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                parts.store().release(pin);
                queued.remove(id);
                wanted.remove(id);
            }
        });
    }

    @Override
    public void wanted(ContentId id) {
        wanted.put(id, System.nanoTime());
    }

    /**
     * A seed for peers stops once none wanted it for the idle time: a peer waiting for the seeder asks
     * again every 5 s (SeederWatch), one fetching from it reads its bytes; when every job that
     * wanted the content is cancelled, neither happens, and the origin download would go on for no one.
     */
    private boolean unwanted(ContentId id) {
        Long at = wanted.get(id);
        return at == null || System.nanoTime() - at > parts.settings().seedIdle().toNanos();
    }

    private void stopped(ContentId id, TransferStop stop) {
        if (stop.result(0) instanceof DownloadResult.Failed f) {
            failed.put(id, System.nanoTime());
            LOG.warn("seeding {} failed, not tried again for {}: {}", id, RETRY_FAILED, f.error().description());
        } else {
            LOG.info("seeding {} stopped", id);
        }
    }

    private boolean failedLately(ContentId id) {
        Long at = failed.get(id);
        return at != null && System.nanoTime() - at < RETRY_FAILED.toNanos();
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
