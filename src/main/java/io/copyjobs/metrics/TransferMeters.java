package io.copyjobs.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of a node's transfers and content cache (DO's BytesFromHttp / BytesFromPeers, and
 * the cache's size, hits and evictions), made once, every series at 0 from the start. The transfer
 * engine counts bytes as they arrive, every one, also those fetched again when a file starts over:
 * the fleet's {@code rate(copyjobs_transfer_bytes_total{source="origin"})} is what the origin
 * served, while a file's {@code bytesFromOrigin} counts only the copy a node holds. The same bytes
 * make the node's current receive rate, a gauge decaying over a few seconds (a dashboard's
 * {@code rate()} of the counter looks back a whole scrape window), and the engine times how long
 * jobs waited QUEUED before their first byte.
 */
public final class TransferMeters {
    /** The receive rate gauge's time constant: the rate of about the last {@value #RATE_WINDOW_SECONDS} seconds. */
    static final int RATE_WINDOW_SECONDS = 3;
    private static final Duration RATE_WINDOW = Duration.ofSeconds(RATE_WINDOW_SECONDS);
    private final Counter fromOrigin;
    private final Counter fromPeers;
    private final Counter cacheHits;
    private final Counter cacheEvictions;
    private final AtomicLong cacheBytes = new AtomicLong();
    private final TransferErrorMeters errors;
    private final DecayingRate rate = new DecayingRate(RATE_WINDOW, System::nanoTime);
    private final Timer queued;

    public TransferMeters(MeterRegistry registry) {
        fromOrigin = bytesFrom("origin", registry);
        fromPeers = bytesFrom("peer", registry);
        errors = new TransferErrorMeters(registry);
        cacheHits = Counter.builder("copyjobs.cache.hits")
                .description("Contents a job found in this node's cache (or a peer's) instead of the origin")
                .register(registry);
        cacheEvictions = Counter.builder("copyjobs.cache.evictions")
                .description("Contents this node's cache deleted to stay within COPYJOBS_CACHE_MAX_BYTES")
                .register(registry);
        Gauge.builder("copyjobs.cache.bytes", cacheBytes, AtomicLong::get)
                .description("Bytes this node's content cache holds").register(registry);
        Gauge.builder("copyjobs.transfer.rate.bytes.per.second", rate, DecayingRate::perSecond)
                .description("Bytes per second this node's transfers receive now, origins and peers together, "
                        + "over about the last " + RATE_WINDOW_SECONDS + " s").register(registry);
        queued = Timer.builder("copyjobs.transfer.queued")
                .description("From a job's entering QUEUED (Resume) to the first answer of its transfer on this node")
                .serviceLevelObjectives(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30),
                        Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2))
                .register(registry);
    }

    private static Counter bytesFrom(String source, MeterRegistry registry) {
        return Counter.builder("copyjobs.transfer.bytes").tag("source", source)
                .description("Bytes this node's transfers received, by source: the files' origins or peer nodes")
                .register(registry);
    }

    /** {@code bytes} arrived from a file's origin (its URL). */
    public void fromOrigin(long bytes) {
        fromOrigin.increment(bytes);
        rate.add(bytes);
    }

    /** {@code bytes} arrived from another copyjobs node. */
    public void fromPeers(long bytes) {
        fromPeers.increment(bytes);
        rate.add(bytes);
    }

    /** A job that entered QUEUED {@code waited} ago has the first answer of its transfer. */
    public void firstAnswer(Duration waited) {
        queued.record(waited.isNegative() ? Duration.ZERO : waited);
    }

    /**
     * A job's file with a SHA-256 came without its fetch contacting the origin: its content was held
     * here already, brought here by another job's fetch, or fetched from peers.
     */
    public void cacheHit() {
        cacheHits.increment();
    }

    /** A download stopped with the transfer error {@code code} (a BG_E_HTTP_ERROR_nnn counts by status class). */
    public void transferFailed(String code) {
        errors.failed(code);
    }

    /** The cache deleted one content. */
    public void cacheEvicted() {
        cacheEvictions.increment();
    }

    /** The bytes the cache holds now. */
    public void cacheBytes(long bytes) {
        cacheBytes.set(bytes);
    }
}
