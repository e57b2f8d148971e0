package io.copyjobs.http;

import io.copyjobs.job.JobRules;
import io.copyjobs.job.ReplaceRemotePrefix;
import io.copyjobs.job.SetRemoteName;
import io.javalin.http.Context;

/**
 * The routes that give files new URLs, as when presigned URLs expire: SetRemoteName
 * ({@code PATCH /v1/jobs/{id}/files/{n}}) and ReplaceRemotePrefix
 * ({@code POST /v1/jobs/{id}/replace-remote-prefix}). Each checks what it can without the job
 * (the URL, the prefixes) and answers like every command route: the job, or a problem.
 */
final class RemoteNameRoutes {
    private final JobController jobs;

    RemoteNameRoutes(JobController jobs) {
        this.jobs = jobs;
    }

    /** PATCH /v1/jobs/{id}/files/{n}: {@code {"remoteUrl": "…"}}. */
    void setRemoteName(Context ctx) {
        int index = Requests.fileIndex(ctx);
        RemoteNameBody body = Bodies.read(ctx, RemoteNameBody.class);
        JobRules.checkRemoteUrl(body.remoteUrl(), "remoteUrl").ifPresent(r -> {
            throw new ProblemException(r);
        });
        jobs.command(ctx, new SetRemoteName(index, body.remoteUrl()));
    }

    /** The body of SetRemoteName. */
    record RemoteNameBody(String remoteUrl) {
    }

    /** POST /v1/jobs/{id}/replace-remote-prefix: {@code {"oldPrefix": "…", "newPrefix": "…"}}. */
    void replaceRemotePrefix(Context ctx) {
        PrefixBody body = Bodies.read(ctx, PrefixBody.class);
        ReplaceRemotePrefix command = new ReplaceRemotePrefix(body.oldPrefix(), body.newPrefix());
        command.checkPrefixes().ifPresent(r -> {
            throw new ProblemException(r);
        });
        jobs.command(ctx, command);
    }

    /** The body of ReplaceRemotePrefix. */
    record PrefixBody(String oldPrefix, String newPrefix) {
    }
}
