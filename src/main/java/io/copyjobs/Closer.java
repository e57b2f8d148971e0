package io.copyjobs;

import org.apache.kafka.common.utils.ThreadUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A stack of what has been started: {@link #close()} stops it in reverse order, and a failure to
 * stop one part is logged and does not keep the others running.
 */
final class Closer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Closer.class);
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    /** How an assembly starts its parts on a stack of its own. */
    interface Start<T> {
        T start(Closer resources) throws IOException;
    }

    /**
     * Runs {@code start} on a fresh stack, which the assembly it returns keeps and closes; if
     * {@code start} fails, what it had started is stopped before the failure goes on.
     */
    static <T> T starting(Start<T> start) throws IOException {
        Closer resources = new Closer();
        try {
            return start.start(resources);
        } catch (RuntimeException | IOException e) {
            resources.close();
            throw e;
        }
    }

    /** Pushes {@code resource}, to be closed before everything pushed earlier. */
    <T extends AutoCloseable> T push(T resource) {
        started.push(resource);
        return resource;
    }

    /** A pool of daemon threads named {@code name-N}, shut down when the stack is closed. */
    ScheduledExecutorService daemons(String name, int threads) {
        ScheduledExecutorService pool = Executors.newScheduledThreadPool(threads,
                ThreadUtils.createThreadFactory(name + "-%d", true));
        push(pool::shutdownNow);
        return pool;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                LOG.warn("error while stopping: {}", e.toString());
            }
        }
    }
}
