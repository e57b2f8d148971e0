package io.copyjobs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code monitor GUID}: live progress until the job is TRANSFERRED, in ERROR, ACKNOWLEDGED or
 * CANCELLED (or Ctrl-C, which leaves the job running: it lives on the node, not in this process).
 */
@Command(name = "monitor", description = {"Watch a job until it is TRANSFERRED, in ERROR, ACKNOWLEDGED or CANCELLED.",
        "Shows progress per file and for the job, with bytes/s and ETA. Ctrl-C stops watching; the job goes on.",
        "On a pipe it prints one line per change; --json prints each new version of the job as a line."})
public final class MonitorCommand extends ClientCommand {
    @Parameters(paramLabel = "GUID", description = "the job (braces and any case are fine)")
    String guid;

    @Override
    protected int run(NodeApi api) {
        String path = NodeApi.jobPath(guid);
        JobView end = Monitor.printingTo(api, out(), json).follow(path, api.get(path)).job();
        if (!json) {
            out().println(JobText.summary(end));
        }
        return Monitor.exitCode(end, err());
    }
}
