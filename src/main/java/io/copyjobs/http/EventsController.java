package io.copyjobs.http;

import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobEvent;
import io.copyjobs.job.JobId;
import io.copyjobs.json.Json;
import io.copyjobs.service.Result;
import io.copyjobs.streams.JobEventFeed;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * GET /v1/jobs/{id}/events: the job's notifications as Server-Sent Events (SetNotifyInterface):
 * {@code JobModification}, {@code FileTransferred}, {@code JobTransferred}, {@code JobError}, each
 * with the event as JSON; {@code ?notify=JobTransferred,JobError} keeps only those (the
 * notification flags). The stream opens with a JobModification of the job as it is, and ends after
 * the job becomes final. Any node serves any job's stream; access is checked as for GetJob.
 */
final class EventsController {
    /** How long opening a stream may wait for the job's lookup; streams themselves are long-lived. */
    static final long OPEN_DEADLINE_SECONDS = 5;
    /** A comment this often tells a vanished client from a quiet job. */
    static final long PING_SECONDS = 15;
    private final JobController jobs;
    private final JobEventFeed feed;
    private final ScheduledExecutorService sse;

    /** @param sse sends events and pings, so that neither the event reader nor a timer waits on a slow client */
    EventsController(JobController jobs, JobEventFeed feed, ScheduledExecutorService sse) {
        this.jobs = jobs;
        this.feed = feed;
        this.sse = sse;
    }

    void events(Context ctx) throws InterruptedException {
        JobId id = Requests.jobId(ctx);
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            throw ProblemException.of(ErrorCode.E_INVALIDARG, "Accept: this route answers text/event-stream only");
        }
        Set<JobEvent.Type> wanted = notify(ctx.queryParam("notify"));
        // Watching starts before the lookup, so no event between the two is lost.
        Stream stream = new Stream(wanted);
        AutoCloseable watching = feed.watch(id, stream::offer);
        Result<Job> result;
        try {
            result = jobs.readJob(ctx, id).get(OPEN_DEADLINE_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            close(watching);
            throw ProblemException.of(ErrorCode.CJ_E_UNAVAILABLE, "job " + id + " could not be looked up in time");
        }
        if (result instanceof Result.Err<Job> err) {
            close(watching);
            throw new ProblemException(err.rejection());
        }
        Job job = ((Result.Ok<Job>) result).value();
        new SseHandler(0, client -> stream.open(client, job, watching)).handle(ctx);
    }

    /** {@code notify=JobTransferred,JobError}: the kinds of notification to send; all when absent. */
    static Set<JobEvent.Type> notify(String param) {
        Set<JobEvent.Type> wanted = EnumSet.noneOf(JobEvent.Type.class);
        if (param == null || param.isBlank()) {
            return EnumSet.allOf(JobEvent.Type.class);
        }
        for (String name : param.split(",")) {
            JobEvent.Type type = null;
            for (JobEvent.Type t : JobEvent.Type.values()) {
                if (t.sseName().equalsIgnoreCase(name.trim())) {
                    type = t;
                }
            }
            if (type == null) {
                throw ProblemException.of(ErrorCode.E_INVALIDARG, "notify: '" + Requests.abbreviate(name.trim())
                        + "' is not one of JobModification, JobTransferred, JobError, FileTransferred");
            }
            wanted.add(type);
        }
        return wanted;
    }

    private static void close(AutoCloseable watching) {
        try {
            watching.close();
        } catch (Exception e) {
            // closing a watch cannot fail
        }
    }

    /**
     * One client's stream: events queue here as the feed delivers them and are written on the SSE
     * executor, one drain at a time, so a client that reads slowly holds up only itself.
     */
    private final class Stream {
        private final Set<JobEvent.Type> wanted;
        private final Queue<JobEvent> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean draining = new AtomicBoolean();
        private volatile SseClient client;
        private volatile long openedAt = Long.MAX_VALUE;

        Stream(Set<JobEvent.Type> wanted) {
            this.wanted = wanted;
        }

        void offer(JobEvent event) {
            queue.add(event);
            drainLater();
        }

        void open(SseClient sseClient, Job job, AutoCloseable watching) {
            ScheduledFuture<?> ping = sse.scheduleAtFixedRate(() -> {
                synchronized (sseClient) {
                    sseClient.sendComment("ping");
                }
            }, PING_SECONDS, PING_SECONDS, TimeUnit.SECONDS);
            // Registered first, so that however the stream ends the watch and the ping end with it.
            sseClient.onClose(() -> {
                ping.cancel(false);
                close(watching);
            });
            sseClient.keepAlive();
            send(sseClient, new JobEvent(JobEvent.Type.JOB_MODIFICATION, job.id(), job.version(), "GetJob", "system",
                    job.owner(), job.state(), job.times().modified(), null));
            if (job.state().isFinal()) {
                sseClient.close();
                return;
            }
            openedAt = job.version();
            client = sseClient;
            drainLater();
        }

        private void drainLater() {
            if (client != null && draining.compareAndSet(false, true)) {
                sse.execute(this::drain);
            }
        }

        private void drain() {
            try {
                JobEvent e;
                while ((e = queue.poll()) != null && !client.terminated()) {
                    boolean newer = e.version() > openedAt || e.type() != JobEvent.Type.JOB_MODIFICATION;
                    if (newer && wanted.contains(e.type())) {
                        send(client, e);
                    }
                    if (e.type() == JobEvent.Type.JOB_MODIFICATION && e.state().isFinal()) {
                        client.close();
                        return;
                    }
                }
            } finally {
                draining.set(false);
            }
            if (!queue.isEmpty()) {
                drainLater();
            }
        }

        private void send(SseClient c, JobEvent event) {
            try {
                String data = Json.wire().writeValueAsString(event);
                synchronized (c) {
                    c.sendEvent(event.type().sseName(), data, Long.toString(event.version()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
