package io.copyjobs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code transfer URL... [--to DIR]}: Start-BitsTransfer in one step: a job with one file per URL
 * (named after the URL's last path segment), Resume, monitor, and Complete once TRANSFERRED. The
 * files land on the node that transfers them, under its files directory, so the command prints
 * where they are there.
 */
@Command(name = "transfer", description = {"Download URLs in one step: create a job, resume, watch and complete it.",
        "Each file is named after the last segment of its URL's path, in DIR under the job's folder on the node",
        "(COPYJOBS_FILES_DIR/<owner>/<job>/). Ctrl-C stops watching; the job goes on (see monitor, complete)."})
public final class TransferCommand extends ClientCommand {
    @Parameters(arity = "1..*", paramLabel = "URL", description = "the files to download (http or https)")
    List<URI> urls;

    @Option(names = "--to", paramLabel = "DIR", description = "a relative folder inside the job's folder on the node")
    String to;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "copyjobs transfer",
            description = "the job's display name (default: ${DEFAULT-VALUE})")
    String name;

    @Mixin
    SecretOptions secrets = new SecretOptions();

    @Mixin
    ProxyOptions proxy = new ProxyOptions();

    @Option(names = "--priority", paramLabel = "P", description = "FOREGROUND, HIGH, NORMAL (the default) or LOW")
    String priority;

    @Override
    protected int run(NodeApi api) {
        String folder = folder();
        List<NewFile> files = urls.stream().map(u -> new NewFile(u.toString(), folder + NewFile.lastSegment(u))).toList();
        JobView created = api.post("/v1/jobs", new NewJob(name, null, priority, files, secrets.read(proxy.read()))).job();
        String path = NodeApi.jobPath(created.id());
        if (!json) {
            out().println(created.id() + ": " + files.size() + " file(s); Ctrl-C stops watching, the job goes on");
        }
        Monitor monitor = Monitor.printingTo(api, out(), json);
        Answer end = monitor.follow(path, api.post(path + "/resume"));
        if (end.job().state().equals("TRANSFERRED")) {
            end = api.post(path + "/complete");
            monitor.show(end);
        }
        if (!json) {
            out().println(JobText.summary(end.job()) + (end.job().state().equals("ACKNOWLEDGED") ? where(end.job()) : ""));
        }
        return Monitor.exitCode(end.job(), err());
    }

    /** {@code DIR/} as a prefix of local names; the node rejects what is not a plain relative path. */
    private String folder() {
        if (to == null) {
            return "";
        }
        Path dir = Path.of(to).normalize();
        if (dir.isAbsolute() || dir.startsWith("..")) {
            throw CliFailure.usage("--to " + to + ": the node writes under its own files directory "
                    + "(COPYJOBS_FILES_DIR/<owner>/<job>/), so DIR must be a relative folder there");
        }
        String relative = dir.toString().replace(File.separatorChar, '/');
        return relative.isEmpty() ? "" : relative + "/";
    }

    private static String where(JobView job) {
        StringBuilder b = new StringBuilder("\nin the node's files directory (COPYJOBS_FILES_DIR):");
        for (JobView.FileEntry f : job.files()) {
            b.append("\n  ").append(job.owner()).append('/').append(job.id()).append('/').append(f.localName());
        }
        return b.toString();
    }
}
