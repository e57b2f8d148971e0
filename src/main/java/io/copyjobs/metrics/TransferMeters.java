package io.copyjobs.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of a node's transfers and content cache (DO's BytesFromHttp / BytesFromPeers, and
 * the cache's size, hits and evictions), made once, every series at 0 from the start. The transfer
 * engine counts bytes as they arrive, every one, also those fetched again when a file starts over:
 * the fleet's {@code rate(copyjobs_transfer_bytes_total{source="origin"})} is what the origin
 * served, while a file's {@code bytesFromOrigin} counts only the copy a node holds.
 */
public final class TransferMeters {
    private final Counter fromOrigin;
    private final Counter fromPeers;
    private final Counter cacheHits;
    private final Counter cacheEvictions;
    private final AtomicLong cacheBytes = new AtomicLong();
    private final TransferErrorMeters errors;

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
    }

    private static Counter bytesFrom(String source, MeterRegistry registry) {
        return Counter.builder("copyjobs.transfer.bytes").tag("source", source)
                .description("Bytes this node's transfers received, by source: the files' origins or peer nodes")
                .register(registry);
    }

    /** {@code bytes} arrived from a file's origin (its URL). */
    public void fromOrigin(long bytes) {
        fromOrigin.increment(bytes);
    }

    /** {@code bytes} arrived from another copyjobs node. */
    public void fromPeers(long bytes) {
        fromPeers.increment(bytes);
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
