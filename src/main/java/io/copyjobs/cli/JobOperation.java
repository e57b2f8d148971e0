package io.copyjobs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The bodiless BITS operations on one job, {@code POST /v1/jobs/{id}/<command name>}; each prints
 * {@code <GUID> <STATE>} and what else the answer says.
 */
public abstract class JobOperation extends ClientCommand {
    @Parameters(paramLabel = "GUID", description = "the job (braces and any case are fine)")
    String guid;

    /** What to add after {@code <GUID> <STATE>}: nothing, unless the operation has news. */
    String more(Answer answer) {
        return "";
    }

    @Override
    protected int run(NodeApi api) {
        // Each command is named after its route, as in the API table: resume, take-ownership …
        Answer answer = api.post(NodeApi.jobPath(guid) + "/" + spec.name());
        JobView job = answer.job();
        print(answer, job.id() + " " + job.state() + more(answer));
        return Exit.OK;
    }

    /** Resume: SUSPENDED, ERROR, TRANSIENT_ERROR (and TRANSFERRED with files left) go QUEUED. */
    @Command(name = "resume", description = "Queue a job for transfer (Resume).")
    public static final class Resume extends JobOperation {
    }

    /** Suspend: the transfer stops until Resume. */
    @Command(name = "suspend", description = "Stop a job's transfer until it is resumed (Suspend).")
    public static final class Suspend extends JobOperation {
    }

    /** Cancel: final; the job's temporary files are deleted. */
    @Command(name = "cancel", description = "Cancel a job and delete its temporary files (Cancel).")
    public static final class Cancel extends JobOperation {
    }

    /** Complete: final; says when only the files that had finished were kept (BG_S_PARTIAL_COMPLETE). */
    @Command(name = "complete", description = "Keep a job's transferred files under their local names and end it (Complete).")
    public static final class Complete extends JobOperation {
        @Override
        String more(Answer answer) {
            String result = answer.json().path("result").path("code").asText("");
            return result.isEmpty() ? "" : " (" + result + ": only the files that had finished were kept)";
        }
    }

    /** TakeOwnership: administrators only; the caller becomes the owner. */
    @Command(name = "take-ownership", description = "Make yourself the job's owner (TakeOwnership; administrators only).")
    public static final class TakeOwnership extends JobOperation {
        @Override
        String more(Answer answer) {
            return ", owned by " + answer.job().owner();
        }
    }
}
