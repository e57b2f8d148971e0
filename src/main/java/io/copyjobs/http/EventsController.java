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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * GET /v1/jobs/{id}/events: the job's notifications as Server-Sent Events (SetNotifyInterface):
 * {@code JobModification}, {@code FileTransferred}, {@code JobTransferred}, {@code JobError}, each
 * with the event as JSON. The stream opens with a JobModification of the job as it is, and ends
 * after the job becomes final. Any node serves any job's stream; access is checked as for GetJob.
 */
final class EventsController {
    /** How long opening a stream may wait for the job's lookup; streams themselves are long-lived. */
    static final long OPEN_DEADLINE_SECONDS = 5;
    /** A comment this often tells a vanished client from a quiet job. */
    static final long PING_SECONDS = 15;
    private final JobController jobs;
    private final JobEventFeed feed;
    private final ScheduledExecutorService scheduler;

    EventsController(JobController jobs, JobEventFeed feed, ScheduledExecutorService scheduler) {
        this.jobs = jobs;
        this.feed = feed;
        this.scheduler = scheduler;
    }

    void events(Context ctx) throws InterruptedException {
        JobId id = Requests.jobId(ctx);
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            throw ProblemException.of(ErrorCode.E_INVALIDARG, "Accept: this route answers text/event-stream only");
        }
        Result<Job> result;
        try {
            result = jobs.readJob(ctx, id).get(OPEN_DEADLINE_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw ProblemException.of(ErrorCode.CJ_E_UNAVAILABLE, "job " + id + " could not be looked up in time");
        }
        if (result instanceof Result.Err<Job> err) {
            throw new ProblemException(err.rejection());
        }
        Job job = ((Result.Ok<Job>) result).value();
        new SseHandler(0, client -> stream(client, job)).handle(ctx);
    }

    private void stream(SseClient client, Job job) {
        client.keepAlive();
        send(client, JobEvent.Type.JOB_MODIFICATION.sseName(), new JobEvent(JobEvent.Type.JOB_MODIFICATION, job.id(),
                job.version(), "GetJob", "system", job.owner(), job.state(), job.times().modified(), null));
        if (job.state().isFinal()) {
            client.close();
            return;
        }
        AutoCloseable watching = feed.watch(job.id(), event -> {
            if (event.version() > job.version() || event.type() != JobEvent.Type.JOB_MODIFICATION) {
                send(client, event.type().sseName(), event);
                if (event.state().isFinal() && event.type() == JobEvent.Type.JOB_MODIFICATION) {
                    client.close();
                }
            }
        });
        ScheduledFuture<?> ping = scheduler.scheduleAtFixedRate(() -> {
            synchronized (client) {
                client.sendComment("ping");
            }
        }, PING_SECONDS, PING_SECONDS, TimeUnit.SECONDS);
        client.onClose(() -> {
            ping.cancel(false);
            try {
                watching.close();
            } catch (Exception e) {
                // closing a watch cannot fail
            }
        });
    }

    private static void send(SseClient client, String name, JobEvent event) {
        try {
            String data = Json.wire().writeValueAsString(event);
            synchronized (client) {
                client.sendEvent(name, data, Long.toString(event.version()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
