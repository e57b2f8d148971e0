package io.copyjobs.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code java -jar target/copyjobs.jar …} as a separate process, as a user runs it. */
public final class JarProcess implements AutoCloseable {
    public static final Path JAR = Path.of("target", "copyjobs.jar");
    /** The jar's class-data archive that {@code mvn package} writes (see pom.xml), as the README runs it. */
    public static final Path ARCHIVE = Path.of("target", "copyjobs.jsa");
    private final Process process;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    private JarProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("<output closed: " + e.getMessage() + ">");
            }
        }, "jar-output");
        reader.setDaemon(true);
        reader.start();
    }

    public static JarProcess start(Map<String, String> env, String... args) {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: integration tests run after 'package'");
        }
        List<String> command = new ArrayList<>(List.of(javaBin()));
        if (Files.exists(ARCHIVE)) {
            // A stale archive (jars rebuilt with -Dcds.skip=true) is ignored by the JVM, silently.
            command.add("-XX:SharedArchiveFile=" + ARCHIVE);
        }
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("COPYJOBS_"));
        pb.environment().putAll(env);
        try {
            return new JarProcess(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a short command to its end and returns what it printed. */
    public static Result run(Map<String, String> env, String... args) throws InterruptedException {
        try (JarProcess p = start(env, args)) {
            if (!p.process.waitFor(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("'" + String.join(" ", args) + "' did not finish in 120 s");
            }
            p.process.getInputStream().close();
            return new Result(p.process.exitValue(), p.output());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public record Result(int exitCode, String output) {
        /** The last line, where a command prints its answer after any log lines. */
        public String lastLine() {
            String[] all = output.strip().split("\n");
            return all[all.length - 1].strip();
        }
    }

    public String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    public boolean printed(String text) {
        return output().contains(text);
    }

    public Process process() {
        return process;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Sends SIGINT, as Ctrl-C on a terminal does (POSIX systems: it runs {@code kill -INT}). */
    public void interrupt() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -INT " + process.pid() + " failed");
        }
    }

    /**
     * True when the process ignores SIGINT, as a process started in the background by a shell
     * without job control does (and the JVM then keeps it ignored); false where that cannot be read.
     */
    public boolean ignoresInterrupt() throws IOException {
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        if (!Files.exists(status)) {
            return false;
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("SigIgn:"))
                .anyMatch(l -> (Long.parseLong(l.substring(7).trim(), 16) & (1L << 1)) != 0);
    }

    /** Kills the process at once, as {@code kill -9} does. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
