package io.copyjobs.http;

import io.copyjobs.cluster.Locator;
import io.copyjobs.cluster.Peers;
import io.copyjobs.cluster.Placement;
import io.copyjobs.content.HeldContents;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobFile;
import io.copyjobs.job.JobId;
import io.copyjobs.job.Rejection;
import io.copyjobs.transfer.JobDirectory;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * GET /v1/jobs/{id}/files/{n}/content: the bytes of a completed file, for its owner or an
 * administrator, with {@code Range}. Served here when this node can read them (it holds them, or
 * the files directory is shared), else by the node the file entry names, forwarded once; when
 * that node does not answer (or is this one and lost them), from a copy of the file's content in
 * the fleet's cache ({@link FleetCopies}).
 */
final class FileContentController implements RouteGroup {
    private final JobController jobs;
    private final Peers peers;
    private final Locator locator;
    private final Path filesDir;
    private final FleetCopies copies;

    FileContentController(JobController jobs, Peers peers, Locator locator, Path filesDir, HeldContents held) {
        this.jobs = jobs;
        this.peers = peers;
        this.locator = locator;
        this.filesDir = filesDir;
        this.copies = new FleetCopies(held, peers);
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/v1/jobs/{id}/files/{n}/content", this::content);
    }

    void content(Context ctx) {
        JobId id = Requests.jobId(ctx);
        int n = Requests.fileIndex(ctx);
        ctx.future(() -> jobs.readJob(ctx, id).thenCompose(result -> result.fold(job -> serve(ctx, job, n),
                rejection -> {
                    Responses.problem(ctx, rejection);
                    return CompletableFuture.completedFuture(null);
                })));
    }

    private CompletableFuture<Void> serve(Context ctx, Job job, int n) {
        if (n >= job.files().size()) {
            Responses.problem(ctx, Rejection.of(ErrorCode.DO_E_NOT_FOUND, "job " + job.id() + " has no file " + n));
            return CompletableFuture.completedFuture(null);
        }
        JobFile file = job.files().get(n);
        if (!file.completed()) {
            Responses.problem(ctx, Rejection.of(ErrorCode.BG_E_INVALID_STATE, "file " + n + " of job " + job.id()
                    + " is not transferred yet"));
            return CompletableFuture.completedFuture(null);
        }
        Optional<Path> local = localBytes(job, file);
        if (local.isPresent()) {
            write(ctx, local.get());
            return CompletableFuture.completedFuture(null);
        }
        if (Requests.forwarded(ctx) || file.node() == null || file.node().equals(Placement.name(locator.self()))) {
            return copies.serve(ctx, file, n);
        }
        String peerPath = "/v1/jobs/" + job.id() + "/files/" + n + "/content";
        return peers.stream(Peers.host(file.node()), peerPath, Requests.contentHeaders(ctx))
                .handle((response, error) -> {
                    if (error != null) {
                        return copies.serve(ctx, file, n);
                    }
                    Responses.relay(ctx, response);
                    return CompletableFuture.<Void>completedFuture(null);
                }).thenCompose(served -> served);
    }

    /**
     * The finished file (after Complete) or its part file (before), if this node can read it and
     * it holds exactly the bytes the job recorded — not a fragment another node left behind.
     */
    private Optional<Path> localBytes(Job job, JobFile file) {
        Path dir;
        try {
            dir = JobDirectory.locate(filesDir, job.owner(), job.id());
        } catch (IOException e) {
            return Optional.empty();
        }
        return JobDirectory.resolve(dir, file.localName())
                .flatMap(target -> Stream.of(target, JobDirectory.partFile(target))
                        .filter(p -> sizeOf(p) == file.bytesTransferred()).findFirst());
    }

    private static long sizeOf(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.size(p) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    static void write(Context ctx, Path path) {
        try {
            RangedBody.write(ctx, () -> Files.newInputStream(path), Files.size(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
