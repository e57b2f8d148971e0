package io.copyjobs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code info GUID}: GetJob, as a readable block or, with {@code --json}, as the node sent it. */
@Command(name = "info", description = "Show a job: its properties, progress, last error and files.")
public final class InfoCommand extends ClientCommand {
    @Parameters(paramLabel = "GUID", description = "the job (braces and any case are fine)")
    String guid;

    @Override
    protected int run(NodeApi api) {
        Answer answer = api.get(NodeApi.jobPath(guid));
        if (json) {
            out().println(answer.body());
        } else {
            out().print(JobText.block(answer.job()));
        }
        return Exit.OK;
    }
}
