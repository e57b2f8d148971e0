package io.copyjobs.http;

import io.copyjobs.cluster.JobReads;
import io.copyjobs.cluster.Locator;
import io.copyjobs.cluster.Peers;
import io.copyjobs.cluster.Router;
import io.copyjobs.content.HeldContents;
import io.copyjobs.job.Command;
import io.copyjobs.kafka.JobEventFeed;
import io.copyjobs.metrics.Metrics;
import io.copyjobs.secrets.SecretBox;
import io.copyjobs.service.JobService;
import io.javalin.config.RoutesConfig;

import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The job routes of SPEC §5 under {@code /v1/jobs}, and the groups that read a job as GetJob does:
 * its event stream and its files' content.
 */
public final class JobRoutes implements RouteGroup {
    private final JobController jobs;
    private final CredentialsController credentials;
    private final Locator locator;
    private final Metrics metrics;

    /** The routes; {@code secrets} seals what CreateJob, SetProperties and SetCredentials are given in clear. */
    public JobRoutes(JobService service, Router router, Locator locator, Metrics metrics, SecretBox secrets) {
        this.jobs = new JobController(service, new JobReads(service, router, locator, metrics), router, locator,
                secrets);
        this.credentials = new CredentialsController(jobs, secrets);
        this.locator = locator;
        this.metrics = metrics;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        // Javalin tries each route against a regular expression: GetJob, the most frequent request, comes first.
        routes.get("/v1/jobs/{id}", jobs::get);
        routes.post("/v1/jobs", jobs::create);
        routes.get("/v1/jobs", jobs::list);
        routes.patch("/v1/jobs/{id}", jobs::setProperties);
        routes.post("/v1/jobs/{id}/files", jobs::addFiles);
        routes.post("/v1/jobs/{id}/resume", jobs.bodiless(Command.Resume::new));
        routes.post("/v1/jobs/{id}/suspend", jobs.bodiless(Command.Suspend::new));
        routes.post("/v1/jobs/{id}/cancel", jobs.bodiless(Command.Cancel::new));
        routes.post("/v1/jobs/{id}/complete", jobs.bodiless(Command.Complete::new));
        routes.post("/v1/jobs/{id}/take-ownership", jobs.bodiless(Command.TakeOwnership::new));
        routes.put("/v1/jobs/{id}/credentials/{target}", credentials::set);
        routes.delete("/v1/jobs/{id}/credentials/{target}", credentials::remove);
        RemoteNameRoutes remoteNames = new RemoteNameRoutes(jobs);
        routes.patch("/v1/jobs/{id}/files/{n}", remoteNames::setRemoteName);
        routes.post("/v1/jobs/{id}/replace-remote-prefix", remoteNames::replaceRemotePrefix);
    }

    /**
     * GET /v1/jobs/{id}/events from {@code feed}, written on {@code sse}; closing the group ends the
     * open streams.
     */
    public RouteGroup events(JobEventFeed feed, ScheduledExecutorService sse) {
        EventsController events = new EventsController(jobs, feed, sse);
        metrics.openStreams(events::openStreams);
        return events;
    }

    /**
     * GET /v1/jobs/{id}/files/{n}/content from {@code filesDir}, or from the node that holds the
     * file, or from a copy of its content that the fleet {@code held}.
     */
    public RouteGroup content(Peers peers, Path filesDir, HeldContents held) {
        return new FileContentController(jobs, peers, locator, filesDir, held);
    }
}
