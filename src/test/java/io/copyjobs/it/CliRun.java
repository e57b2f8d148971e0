package io.copyjobs.it;

import io.copyjobs.Main;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One run of the copyjobs command line in this JVM, as a person would type it, with what it
 * prints captured (readable while it runs, for commands that keep going such as monitor).
 */
final class CliRun {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final String[] args;
    private Integer exit;

    private CliRun(String[] args) {
        this.args = args.clone();
    }

    /** {@code args} aimed at {@code node} with {@code token}, run to the end. */
    static CliRun run(TestNode node, String token, String... args) {
        return prepare(node, token, args).execute();
    }

    /** {@code args} aimed at {@code node} with {@code token}, run to the end, which must be exit 0 and silent on stderr. */
    static CliRun ok(TestNode node, String token, String... args) {
        CliRun run = run(node, token, args);
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.err()).as(run.toString()).isEmpty();
        return run;
    }

    /** {@code args} exactly as given, run to the end. */
    static CliRun raw(String... args) {
        return new CliRun(args).execute();
    }

    /** {@code args} aimed at {@code node} with {@code token}, not started yet. */
    static CliRun prepare(TestNode node, String token, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--url", node.base, "--token", token));
        return new CliRun(all.toArray(String[]::new));
    }

    CliRun execute() {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        exit = cli.execute(args);
        return this;
    }

    /** Runs on another thread; the future completes when the command ends. */
    CompletableFuture<CliRun> start() {
        return CompletableFuture.supplyAsync(this::execute);
    }

    int exit() {
        return exit;
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    /** The last line printed on stdout. */
    String lastLine() {
        String[] lines = out().strip().split("\n");
        return lines[lines.length - 1];
    }

    @Override
    public String toString() {
        return String.join(" ", args) + " -> exit " + exit + "\nout:\n" + out() + "err:\n" + err();
    }
}
