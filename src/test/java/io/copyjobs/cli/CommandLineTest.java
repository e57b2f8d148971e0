package io.copyjobs.cli;

import io.copyjobs.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The client's command line itself: help, and input it refuses before calling any node (exit 2). */
class CommandLineTest {
    /** Nothing listens here; these commands must fail before they try. */
    static final String[] NODE = {"--url", "http://127.0.0.1:9", "--token", "t"};

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static String[] withNode(String... args) {
        String[] all = new String[args.length + NODE.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(NODE, 0, all, args.length, NODE.length);
        return all;
    }

    @ParameterizedTest
    @ValueSource(strings = {"create", "addfile", "resume", "suspend", "cancel", "complete", "take-ownership",
            "credentials", "info", "list", "monitor", "transfer"})
    void every_client_command_has_help_with_the_exit_codes(String command) {
        Run help = run(command, "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Usage: copyjobs " + command, "--url", "--token", "--json", "Exit codes:",
                "  1     the node refused", "  2     the node cannot be reached", "  130   stopped by Ctrl-C");
    }

    @Test
    void a_missing_argument_is_a_usage_error() {
        Run run = run("info");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("Missing required parameter: 'GUID'");
    }

    @Test
    void a_url_without_a_local_name_is_E_INVALIDARG() {
        Run run = run(withNode("addfile", "5ce34c0d-1b2a-4c3d-8e4f-0123456789ab", "https://example.com/a.bin"));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("E_INVALIDARG: 'https://example.com/a.bin' has no LOCALNAME: "
                + "give URL LOCALNAME pairs\n");
    }

    @Test
    void a_bad_line_in_a_list_file_is_named(@TempDir Path dir) throws IOException {
        Path list = Files.writeString(dir.resolve("list.txt"), "https://example.com/a a\nhttps://example.com/b\n");
        Run run = run(withNode("addfile", "5ce34c0d-1b2a-4c3d-8e4f-0123456789ab", "--from-file", list.toString()));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("E_INVALIDARG: " + list + " line 2: expected URL LOCALNAME, "
                + "found 'https://example.com/b'\n");
    }

    @Test
    void transfer_refuses_a_url_without_a_file_name_and_a_folder_outside_the_job() {
        Run noName = run(withNode("transfer", "https://example.com/downloads/"));
        assertThat(noName.exit()).isEqualTo(2);
        assertThat(noName.err()).startsWith("E_INVALIDARG: https://example.com/downloads/ names no file");

        Run outside = run(withNode("transfer", "https://example.com/a.iso", "--to", "../elsewhere"));
        assertThat(outside.exit()).isEqualTo(2);
        assertThat(outside.err()).startsWith("E_INVALIDARG: --to ../elsewhere: the node writes under its own files");
    }

    @Test
    void a_url_that_is_not_http_is_refused() {
        Run run = run("list", "--url", "localhost:8080", "--token", "t");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("E_INVALIDARG: --url localhost:8080: not an http(s) URL");
    }
}
