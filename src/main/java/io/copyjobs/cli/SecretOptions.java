package io.copyjobs.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import picocli.CommandLine.Option;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The options of {@code create} that carry secrets (issue 18): custom headers, server credentials
 * and proxy credentials. Their values are read from a file or typed at a prompt, never taken from
 * the command line itself, so that they land in no shell history and no process list.
 */
final class SecretOptions {
    @Option(names = "--header", paramLabel = "NAME=@FILE|NAME",
            description = "a request header; its value from FILE (one trailing newline dropped), or typed at a prompt")
    List<String> headers = new ArrayList<>();

    @Option(names = "--credentials", paramLabel = "basic:USER|bearer",
            description = "server credentials; the password or token from --secret-file, or typed at a prompt")
    String credentials;

    @Option(names = "--secret-file", paramLabel = "FILE", description = "the password or token of --credentials")
    Path secretFile;

    @Option(names = "--proxy-credentials", paramLabel = "basic:USER",
            description = "credentials for the proxy; the password from --proxy-secret-file, or typed at a prompt")
    String proxyCredentials;

    @Option(names = "--proxy-secret-file", paramLabel = "FILE", description = "the password of --proxy-credentials")
    Path proxySecretFile;

    /** The job's {@code options} with {@code proxy} (null: none), or null when none of these options was given. */
    Options read(ProxyOptions.Proxy proxy) {
        if (headers.isEmpty() && credentials == null && proxyCredentials == null && proxy == null) {
            return null;
        }
        List<Header> read = new ArrayList<>();
        for (String header : headers) {
            int at = header.indexOf("=@");
            String name = at < 0 ? header : header.substring(0, at);
            read.add(new Header(name, at < 0 ? prompt("value of header " + name) : file(Path.of(header.substring(at + 2)))));
        }
        return new Options(read.isEmpty() ? null : read,
                credentials == null ? null : credentials("--credentials", credentials, secretFile, false),
                proxyCredentials == null ? null : credentials("--proxy-credentials", proxyCredentials, proxySecretFile,
                        true), proxy);
    }

    /** {@code basic:USER}, or {@code bearer} for a server (a proxy asks for Basic). */
    private static Credentials credentials(String option, String given, Path secretFile, boolean forProxy) {
        String[] parts = given.split(":", 2);
        String scheme = parts[0].toUpperCase(Locale.ROOT);
        boolean known = scheme.equals("BASIC") || !forProxy && scheme.equals("BEARER");
        if (!known || scheme.equals("BASIC") != (parts.length == 2)) {
            throw CliFailure.usage(option + ": basic:USER" + (forProxy ? "" : " or bearer") + ", not " + given);
        }
        String what = (forProxy ? "proxy " : "") + (scheme.equals("BASIC") ? "password" : "token");
        String secret = secretFile != null ? file(secretFile) : prompt(what);
        return new Credentials(scheme, parts.length == 2 ? parts[1] : null, secret);
    }

    private static String file(Path path) {
        try {
            String text = Files.readString(path, StandardCharsets.UTF_8);
            return text.endsWith("\n") ? text.substring(0, text.length() - (text.endsWith("\r\n") ? 2 : 1)) : text;
        } catch (IOException e) {
            throw CliFailure.usage("cannot read " + path + ": " + e.getMessage());
        }
    }

    private static String prompt(String what) {
        Console console = System.console();
        if (console == null) {
            throw CliFailure.usage("no terminal to type the " + what + " at: give it in a file");
        }
        return new String(console.readPassword("%s: ", what));
    }

    /** The part of CreateJob's {@code options} these fill in. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Options(List<Header> headers, Credentials serverCredentials, Credentials proxyCredentials,
                   ProxyOptions.Proxy proxy) {
    }

    record Header(String name, String value) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Credentials(String scheme, String userName, String password) {
    }
}
