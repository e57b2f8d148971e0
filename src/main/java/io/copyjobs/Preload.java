package io.copyjobs;

import org.rocksdb.RocksDB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * Process-wide set-up that a node's start would otherwise do on its critical path, done once on a
 * thread of its own while the broker starts: the JDK's default TLS context, which the download
 * client builds (some 500 classes and the trust store, half a second on a busy 2-core machine,
 * before Streams could start), and RocksDB's native library, which the first store of the first
 * task would unpack and link (15 MB) on the stream thread after the rebalance, every task waiting
 * behind it. Both are kept by the JDK or RocksDB for the whole process, so the later callers find
 * them ready, or wait for this thread if it is not done yet.
 */
final class Preload {
    private static final Logger LOG = LoggerFactory.getLogger(Preload.class);

    private Preload() {
    }

    static Future<?> start(Closer resources) {
        ExecutorService thread = resources.daemons("copyjobs-preload", 1);
        Future<?> done = thread.submit(Preload::run);
        thread.shutdown();
        return done;
    }

    /**
     * Waits for the preload before Streams starts, so that a library that cannot load (a noexec
     * temporary directory, a libc RocksDB was not built for) fails the start with its cause: RocksDB
     * would otherwise leave later callers waiting on a load that never ends, and say nothing.
     */
    static void await(Future<?> done) {
        try {
            done.get(2, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot load RocksDB's native library: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("RocksDB's native library did not load within 2 minutes", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while RocksDB's native library loaded", e);
        }
    }

    private static void run() {
        try {
            SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            // The download client meets the same failure and reports it where it matters.
            LOG.debug("no default TLS context: {}", e.toString());
        }
        RocksDB.loadLibrary();
    }
}
