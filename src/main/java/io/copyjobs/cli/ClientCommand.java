package io.copyjobs.cli;

import io.copyjobs.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * What every client command shares: the node options, {@code --json}, {@code --help}, the exit
 * codes in the help, and one line on stderr instead of a stack trace when it fails. Output goes to
 * picocli's streams, so a caller of {@code CommandLine.execute} can capture it.
 */
@Command(mixinStandardHelpOptions = true, sortOptions = false,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok",
            "1:the node refused: any 4xx answer about the job or the request (403, 404, 409 ...); "
                    + "monitor and transfer: the job ended in ERROR or CANCELLED",
            "2:the node cannot be reached or cannot answer (5xx), or it rejects the credentials (401); "
                    + "or bad usage or configuration",
            // The JVM's own answer to SIGINT (128 + 2): the job lives on the node, so nothing is undone.
            "130:stopped by Ctrl-C; monitor and transfer stop watching, the job goes on"})
abstract class ClientCommand implements Callable<Integer> {
    @Mixin
    NodeOptions node = new NodeOptions();

    @Option(names = "--json", description = "print the node's JSON answer as it is, instead of text")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        try {
            return run(node.connect());
        } catch (CliFailure e) {
            err().println(e.line());
            return e.exitCode();
        } catch (ConfigException e) {
            err().println(CliFailure.CONFIG + ": " + e.getMessage());
            return Exit.UNUSABLE;
        } catch (RuntimeException e) { // a fault in the client: still one line, as promised
            err().println(CliFailure.UNEXPECTED + ": " + e);
            return Exit.UNUSABLE;
        } finally {
            out().flush();
            err().flush();
        }
    }

    /** Does the command's work against {@code api}; answers the exit code. */
    protected abstract int run(NodeApi api);

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Prints the answer's JSON as is with {@code --json}, else {@code text}. */
    void print(Answer answer, String text) {
        out().println(json ? answer.body() : text);
    }
}
