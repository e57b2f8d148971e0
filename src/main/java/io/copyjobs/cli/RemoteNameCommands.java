package io.copyjobs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.Map;

/**
 * New URLs for a job's files, as when presigned URLs expire: {@code set-remote} (SetRemoteName) and
 * {@code replace-prefix} (ReplaceRemotePrefix). Each prints {@code <GUID> <STATE>} and what changed;
 * the job then needs Resume if it stopped in ERROR, as in BITS.
 */
public final class RemoteNameCommands {
    private RemoteNameCommands() {
    }

    /** {@code set-remote GUID INDEX URL}: {@code PATCH /v1/jobs/{id}/files/{index}}. */
    @Command(name = "set-remote", description = {"Give one file of a job a new URL (SetRemoteName).",
            "The transfer resumes where it left off when the new URL serves the same content."})
    public static final class SetRemote extends ClientCommand {
        @Parameters(index = "0", paramLabel = "GUID", description = "the job")
        String guid;

        @Parameters(index = "1", paramLabel = "INDEX", description = "the file's index in the job, from 0")
        int index;

        @Parameters(index = "2", paramLabel = "URL", description = "the file's new remote URL")
        String url;

        @Override
        protected int run(NodeApi api) {
            if (index < 0) {
                throw CliFailure.usage("INDEX: a file index from 0, not " + index);
            }
            Answer answer = api.patch(NodeApi.jobPath(guid) + "/files/" + index, Map.of("remoteUrl", url));
            JobView job = answer.job();
            print(answer, job.id() + " " + job.state() + ": file " + index + " from " + url);
            return Exit.OK;
        }
    }

    /** {@code replace-prefix GUID OLD NEW}: {@code POST /v1/jobs/{id}/replace-remote-prefix}. */
    @Command(name = "replace-prefix", description = {"Replace the beginning OLD of the job's file URLs with NEW "
            + "(ReplaceRemotePrefix).", "Only files not yet transferred change; the comparison is case-sensitive."})
    public static final class ReplacePrefix extends ClientCommand {
        @Parameters(index = "0", paramLabel = "GUID", description = "the job")
        String guid;

        @Parameters(index = "1", paramLabel = "OLD", description = "the beginning of the URLs to replace")
        String oldPrefix;

        @Parameters(index = "2", paramLabel = "NEW", description = "what replaces it")
        String newPrefix;

        @Override
        protected int run(NodeApi api) {
            Answer answer = api.post(NodeApi.jobPath(guid) + "/replace-remote-prefix",
                    Map.of("oldPrefix", oldPrefix, "newPrefix", newPrefix));
            JobView job = answer.job();
            boolean none = answer.json().path("result").path("code").asText("").equals("S_FALSE");
            print(answer, job.id() + " " + job.state() + (none ? ": no file's URL starts with " + oldPrefix
                    + " (S_FALSE)" : ": URLs now start with " + newPrefix));
            return Exit.OK;
        }
    }
}
