package io.copyjobs.transfer;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body that the transfer thread pulls with a deadline. The JDK's input-stream body
 * blocks in {@code read} with no timeout, so neither a stalled server nor a cancel could stop it in
 * time; here {@link #next(long)} waits at most a tick, and the caller checks its cancel signal and
 * stall clock between ticks. Once the first list is taken, it keeps {@value #WINDOW} lists asked
 * for ahead (about 1 MiB at the JDK's 16 KiB buffers), so the connection's selector reads on while
 * the transfer thread writes: asking for one list only after the previous was taken makes every
 * 16 KiB wait for two thread wake-ups, which on busy cores cost milliseconds each (the cache
 * bench's seeder crawled at ~8 MB/s). {@link #next(long)} still hands over one list at a time, so
 * a bandwidth limit is paid for as finely as before. {@link #close()} cancels the subscription,
 * which closes the connection.
 */
final class BodyChunks implements HttpResponse.BodySubscriber<BodyChunks>, AutoCloseable {
    /** Lists asked for and not yet taken, at most: what may wait in memory. */
    static final int WINDOW = 64;
    private static final Object COMPLETE = new Object();

    private final BlockingQueue<Object> arrivals = new LinkedBlockingQueue<>();
    private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
    /** Whether a list was taken yet; only the transfer thread, in {@link #next(long)}, reads and sets it. */
    private boolean opened;

    /** The next buffers of the body; an empty list at its end; null when none came within the wait. */
    List<ByteBuffer> next(long waitMillis) throws IOException, InterruptedException {
        Object item = arrivals.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (item == null) {
            return null;
        }
        if (item == COMPLETE) {
            arrivals.add(COMPLETE);
            return List.of();
        }
        if (item instanceof Throwable failure) {
            arrivals.add(failure);
            throw new IOException(String.valueOf(failure.getMessage()), failure);
        }
        // The window opens with the first list taken, after the client handed over the response:
        // read ahead before that, the end of a short, cut answer can fail the response as a whole,
        // and the bytes that came with it are lost instead of kept for a resume.
        subscription.join().request(opened ? 1 : WINDOW);
        opened = true;
        return ((Chunk) item).buffers();
    }

    @Override
    public void close() {
        subscription.thenAccept(Flow.Subscription::cancel);
    }

    @Override
    public CompletionStage<BodyChunks> getBody() {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription.complete(s);
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (buffers.isEmpty()) {
            subscription.join().request(1);
        } else {
            arrivals.add(new Chunk(buffers));
        }
    }

    @Override
    public void onError(Throwable failure) {
        arrivals.add(failure);
    }

    @Override
    public void onComplete() {
        arrivals.add(COMPLETE);
    }

    /** One delivery of buffers, wrapped so the queue can tell it from the end and from a failure. */
    private record Chunk(List<ByteBuffer> buffers) {
    }
}
