package io.copyjobs.content;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Closes a peer's answer once its fetch is cancelled, looking at the cancel signal every
 * {@value #TICK_MILLIS} ms as the origin download does (Connector's tick): a read of the peer
 * client's stream blocks with no deadline but the idle timeout, which a peer sending a byte now
 * and then never reaches, so it would hold the transfer thread past Suspend's promise of 2 s.
 * Closing the stream wakes the blocked read with an IOException.
 */
final class CancelWatch implements AutoCloseable {
    static final long TICK_MILLIS = 100;
    /** One thread for every watch of the node: each tick is a look at a flag. */
    private static final ScheduledExecutorService TICKS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "copyjobs-peer-cancel");
        t.setDaemon(true);
        return t;
    });

    private final ScheduledFuture<?> tick;

    private CancelWatch(ScheduledFuture<?> tick) {
        this.tick = tick;
    }

    /** Watches {@code cancelled} until closed, closing {@code stream} when it turns true. */
    static CancelWatch closing(Closeable stream, BooleanSupplier cancelled) {
        Runnable look = () -> {
            if (cancelled.getAsBoolean()) {
                try {
                    stream.close();
                } catch (IOException e) {
                    // closed or broken already: the read ends either way
                }
                throw new CancelledOnce();
            }
        };
        return new CancelWatch(TICKS.scheduleWithFixedDelay(look, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS));
    }

    @Override
    public void close() {
        tick.cancel(false);
    }

    /** Ends the periodic look after it closed the stream (a scheduled task that throws runs no more). */
    private static final class CancelledOnce extends RuntimeException {
        CancelledOnce() {
            super("cancelled", null, false, false);
        }
    }
}
