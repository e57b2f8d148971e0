package io.copyjobs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code addfile GUID URL LOCALNAME…}: AddFileSet, from the command line and/or a list file, in one request. */
@Command(name = "addfile", description = {"Add files to a job: URL LOCALNAME pairs, and/or a list file.",
        "All files go in one request, so either all are added or none."})
public final class AddFileCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "GUID", description = "the job")
    String guid;

    @Parameters(index = "1..*", paramLabel = "URL LOCALNAME", description = "the remote URL and the local name of a file")
    List<String> pairs = new ArrayList<>();

    @Option(names = "--from-file", paramLabel = "FILE",
            description = "a file of 'URL LOCALNAME' lines (lines starting with '#' are comments)")
    Path fromFile;

    @Override
    protected int run(NodeApi api) {
        List<NewFile> files = new ArrayList<>(NewFile.pairs(pairs));
        if (fromFile != null) {
            files.addAll(NewFile.read(fromFile));
        }
        if (files.isEmpty()) {
            throw CliFailure.usage("no files to add: give URL LOCALNAME or --from-file FILE");
        }
        Answer answer = api.post(NodeApi.jobPath(guid) + "/files", new NewFile.FileSet(files));
        JobView job = answer.job();
        print(answer, job.id() + " " + job.state() + ": added " + files.size() + " file(s), "
                + job.files().size() + " in the job");
        return Exit.OK;
    }
}
