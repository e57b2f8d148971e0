package io.copyjobs.http;

import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobEvent;
import io.copyjobs.job.JobId;
import io.copyjobs.service.Result;
import io.copyjobs.kafka.JobEventFeed;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseHandler;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * GET /v1/jobs/{id}/events: the job's notifications as Server-Sent Events (SetNotifyInterface):
 * {@code JobModification}, {@code FileTransferred}, {@code JobTransferred}, {@code JobError}, each
 * with the event as JSON; {@code ?notify=JobTransferred,JobError} keeps only those (the
 * notification flags). The stream opens with a JobModification of the job as it is, and ends after
 * the job becomes final. Any node serves any job's stream; access is checked as for GetJob.
 *
 * <p>A stream also ends when its caller may no longer see the job (the job was taken over and the
 * caller is neither its new owner nor an administrator: {@code ACCESS_LOST}), when the caller's
 * token expires ({@code TOKEN_EXPIRED}, at its {@code exp}), when the node stops or can no longer
 * read events ({@code UNAVAILABLE}), or when an event cannot be written ({@code FAILED}); then its
 * last event is {@code event: StreamEnd} with {@code {"reason", "code", "hresult", "detail"}}, e.g.
 * {@code {"reason":"ACCESS_LOST","code":"E_ACCESSDENIED","hresult":"0x80070005",…}} (see
 * {@link StreamEnd}). A comment ({@code : ping}) every 15 s finds clients that have gone.
 */
final class EventsController implements RouteGroup {
    /** How long opening a stream may wait for the job's lookup; streams themselves are long-lived. */
    static final long OPEN_DEADLINE_SECONDS = 5;
    /** A comment this often tells a vanished client from a quiet job. */
    static final Duration PING = Duration.ofSeconds(15);
    /** The ping interval of streams opened from now on: {@link #PING}, shorter in tests that need many pings. */
    static volatile Duration ping = PING;
    private final JobController jobs;
    private final JobEventFeed feed;
    private final ScheduledExecutorService sse;
    private final Set<SseStream> open = ConcurrentHashMap.newKeySet();

    /** @param sse sends events and pings, so that neither the event reader nor a timer waits on a slow client */
    EventsController(JobController jobs, JobEventFeed feed, ScheduledExecutorService sse) {
        this.jobs = jobs;
        this.feed = feed;
        this.sse = sse;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/v1/jobs/{id}/events", this::events);
    }

    void events(Context ctx) throws InterruptedException {
        JobId id = Requests.jobId(ctx);
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            throw ProblemException.of(ErrorCode.E_INVALIDARG, "Accept: this route answers text/event-stream only");
        }
        SseStream stream = new SseStream(id, notify(ctx.queryParam("notify")), Requests.actor(ctx),
                Requests.tokenExpiry(ctx), sse, open);
        stream.watch(feed);
        Result<Job> result;
        try {
            result = jobs.readJob(ctx, id).get(OPEN_DEADLINE_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            stream.abandon();
            throw ProblemException.of(ErrorCode.CJ_E_UNAVAILABLE, "job " + id + " could not be looked up in time");
        }
        Job job = result.fold(j -> j, rejection -> {
            stream.abandon();
            throw new ProblemException(rejection);
        });
        Duration every = ping;
        new SseHandler(0, client -> stream.open(client, job, every)).handle(ctx);
    }

    /** The streams open on this node, for the gauge. */
    int openStreams() {
        return open.size();
    }

    /**
     * Ends every open stream with {@code UNAVAILABLE}: called before the HTTP server stops, while
     * their requests can still be written and completed.
     */
    @Override
    public void close() {
        List.copyOf(open).forEach(s -> s.end(StreamEnd.UNAVAILABLE, "the node is stopping; open the stream again, on another node"));
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
}
