package io.copyjobs.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.copyjobs.job.Actor;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobEvent;
import io.copyjobs.job.JobId;
import io.copyjobs.json.Json;
import io.copyjobs.kafka.JobEventFeed;
import io.javalin.http.sse.SseClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One client's event stream. Events queue here as the feed delivers them and are written on the
 * SSE executor, one drain at a time, so that a client that reads slowly holds up only itself.
 *
 * <p>Whatever ends the stream ({@link StreamEnd}) ends it once: the ping and the expiry timer
 * stop, the watch closes, the client hears why when it can, and the stream is closed unless its
 * request is over already. Writes and the end take this object's lock, so nothing is written after
 * the end, and nothing is written to a response Jetty has finished and recycled: Jetty's word that
 * the request is over ({@link RequestOver}) ends the stream without another write. Closing the
 * client completes the request, which Javalin finishes on the closing thread, so it happens
 * outside the lock.
 */
final class SseStream {
    private static final Logger LOG = LoggerFactory.getLogger(SseStream.class);
    /** The name of the last event, which says why the stream ends. */
    static final String END_EVENT = "StreamEnd";

    private final JobId jobId;
    private final Set<JobEvent.Type> wanted;
    private final Actor actor;
    private final Instant expires;
    private final ScheduledExecutorService sse;
    private final Set<SseStream> open;
    private final Queue<JobEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final List<Future<?>> timers = new ArrayList<>();
    private volatile boolean started;
    private volatile boolean feedStopped;
    private volatile SseClient client;
    private volatile StreamEnd ended;
    private AutoCloseable watching = () -> { };
    private long openedAt;

    /** @param open the node's open streams: this one is in it from its opening to its end */
    SseStream(JobId jobId, Set<JobEvent.Type> wanted, Actor actor, Instant expires, ScheduledExecutorService sse,
              Set<SseStream> open) {
        this.jobId = jobId;
        this.wanted = wanted;
        this.actor = actor;
        this.expires = expires;
        this.sse = sse;
        this.open = open;
    }

    /** Starts taking the job's events, before its lookup, so that no event between the two is lost. */
    synchronized void watch(JobEventFeed feed) {
        watching = feed.watch(jobId, this::offer, () -> {
            feedStopped = true;
            drainLater();
        });
    }

    /** The stream will not open (the lookup failed). */
    synchronized void abandon() {
        close(watching);
    }

    /** Sends the job as it is, then what happens to it, pinging every {@code ping}, until the stream ends. */
    void open(SseClient c, Job job, Duration ping) {
        synchronized (this) {
            open.add(this);
            openedAt = job.version();
            client = c;
            // Before the first write: a failed write ends the stream through these.
            c.onClose(() -> end(StreamEnd.CLIENT_GONE, "the client hung up"));
            c.ctx().req().getAsyncContext().addListener(new RequestOver(detail -> end(StreamEnd.REQUEST_GONE, detail)));
            c.keepAlive();
            startTimers(ping);
        }
        send(new JobEvent(JobEvent.Type.JOB_MODIFICATION, job.id(), job.version(), "GetJob", "system",
                job.owner(), job.state(), job.times().modified(), null, null));
        if (job.state().isFinal()) {
            end(StreamEnd.JOB_FINAL, "the job is " + job.state());
            return;
        }
        // Only now may the queue drain: its events come after the opening one.
        started = true;
        drainLater();
    }

    /** On the SSE executor, as everything that writes: a timer thread of its own per stream would not scale. */
    private void startTimers(Duration ping) {
        timers.add(sse.scheduleWithFixedDelay(() -> write(c -> c.sendComment("ping")), ping.toMillis(), ping.toMillis(),
                TimeUnit.MILLISECONDS));
        // At exp itself: the verifier's clock skew lets a token in, it does not keep a stream open.
        timers.add(sse.schedule(() -> end(StreamEnd.TOKEN_EXPIRED, "the caller's token expired at " + expires
                + "; open the stream again with a new token"), Duration.between(Instant.now(), expires).toMillis(),
                TimeUnit.MILLISECONDS));
    }

    private void offer(JobEvent event) {
        queue.add(event);
        drainLater();
    }

    private void drainLater() {
        if (started && ended == null && draining.compareAndSet(false, true)) {
            sse.execute(this::drain);
        }
    }

    private void drain() {
        try {
            JobEvent e;
            while (ended == null && (e = queue.poll()) != null) {
                deliver(e);
            }
            if (feedStopped) {
                end(StreamEnd.UNAVAILABLE, "this node no longer reads job events; open the stream again, on any node");
            }
        } finally {
            draining.set(false);
        }
        if (!queue.isEmpty()) {
            drainLater();
        }
    }

    private void deliver(JobEvent e) {
        if (e.version() <= openedAt && e.type() == JobEvent.Type.JOB_MODIFICATION) {
            return; // the opening event holds it already
        }
        if (!actor.mayAccess(e.owner())) {
            end(StreamEnd.ACCESS_LOST, "job " + jobId + " has another owner now; only its owner or an administrator may follow it");
            return;
        }
        if (wanted.contains(e.type())) {
            send(e);
        }
        if (e.type() == JobEvent.Type.JOB_MODIFICATION && e.state().isFinal()) {
            end(StreamEnd.JOB_FINAL, "the job is " + e.state());
        }
    }

    private void send(JobEvent e) {
        String data;
        try {
            data = Json.wire().writeValueAsString(e);
        } catch (JsonProcessingException x) {
            end(StreamEnd.FAILED, "an event could not be written: " + x.getOriginalMessage());
            return;
        }
        write(c -> c.sendEvent(e.type().sseName(), data, Long.toString(e.version())));
    }

    /**
     * Writes unless the stream has ended. A write that fails as I/O makes Javalin close the client
     * (and so end this stream); one that throws means the response is not there any more.
     */
    private synchronized void write(Consumer<SseClient> w) {
        if (ended != null) {
            return;
        }
        try {
            w.accept(client);
        } catch (RuntimeException e) {
            end(StreamEnd.REQUEST_GONE, "a write failed: " + e);
        }
    }

    /** Ends the stream once, for {@code why}; every later call does nothing. */
    void end(StreamEnd why, String detail) {
        boolean closes;
        synchronized (this) {
            if (ended != null) {
                return;
            }
            ended = why;
            timers.forEach(t -> t.cancel(false));
            close(watching);
            closes = why.closes() && (why.code() == null || tell(why.data(detail)));
        }
        open.remove(this);
        if (why == StreamEnd.FAILED) {
            LOG.info("event stream of job {} ended: {}", jobId, detail);
        } else {
            LOG.debug("event stream of job {} ended ({}): {}", jobId, why, detail);
        }
        if (closes) {
            client.close();
        }
    }

    /** The last event; false when the response is not there any more, so there is nothing left to close. */
    private boolean tell(String data) {
        try {
            client.sendEvent(END_EVENT, data);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void close(AutoCloseable watching) {
        try {
            watching.close();
        } catch (Exception e) {
            // closing a watch cannot fail
        }
    }
}
