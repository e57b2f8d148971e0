package io.copyjobs.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Shows a job's progress while {@code monitor} follows it. On a terminal: a bar for the job and one
 * per file, redrawn in place. On a pipe: no bars and no cursor codes, one plain line each time the
 * job changes (and one per file that moved), so that logs and {@code grep} stay readable.
 */
final class ProgressScreen implements Consumer<Answer> {
    private static final Duration RATE_WINDOW = Duration.ofSeconds(5);
    private static final int BAR_WIDTH = 24;
    /**
     * A block taller than the terminal cannot be redrawn in place: a job with more files shows the
     * first ones still to transfer (files go in order, so the one moving is among them).
     */
    private static final int MAX_FILE_LINES = 10;
    /** Back to the start of the block drawn last time, then erase it (ANSI CSI F and J). */
    private static final String UP = "\033[%dF\033[J";

    private final PrintWriter out;
    private final boolean terminal;
    private final RateMeter meter = new RateMeter(RATE_WINDOW);
    private JobView shown;
    private int drawnLines;

    ProgressScreen(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** True when stdout is a terminal (not a pipe or a file): only then are bars drawn. */
    static boolean stdoutIsTerminal() {
        return System.console() != null;
    }

    @Override
    public void accept(Answer answer) {
        show(answer.job(), Instant.now());
    }

    void show(JobView job, Instant now) {
        meter.add(now, job.progress().bytesTransferred());
        if (terminal) {
            redraw(job);
        } else if (shown == null || shown.version() != job.version()) {
            changedLines(job).forEach(out::println);
        }
        shown = job;
        out.flush();
    }

    private void redraw(JobView job) {
        List<String> lines = new ArrayList<>();
        lines.add(jobLine(job));
        lines.addAll(fileLines(job));
        if (job.error() != null) {
            lines.add("  error: " + JobText.error(job));
        }
        if (drawnLines > 0) {
            out.print(String.format(UP, drawnLines));
        }
        lines.forEach(line -> out.print(line + "\n"));
        drawnLines = lines.size();
    }

    /** A line per file; beyond {@link #MAX_FILE_LINES} files, the first ones still to transfer and a count of the rest. */
    private List<String> fileLines(JobView job) {
        List<JobView.FileEntry> files = job.files();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            if (files.size() <= MAX_FILE_LINES || (!files.get(i).completed() && lines.size() < MAX_FILE_LINES)) {
                lines.add(fileLine(i, files.get(i)));
            }
        }
        if (lines.size() < files.size()) {
            lines.add("  ... and " + (files.size() - lines.size()) + " more files");
        }
        return lines;
    }

    private List<String> changedLines(JobView job) {
        List<String> lines = new ArrayList<>();
        lines.add(jobLine(job));
        for (int i = 0; i < job.files().size(); i++) {
            JobView.FileEntry file = job.files().get(i);
            if (shown == null || i >= shown.files().size() || !file.equals(shown.files().get(i))) {
                lines.add(fileLine(i, file));
            }
        }
        if (job.error() != null && (shown == null || !job.error().equals(shown.error()))) {
            lines.add("  error: " + JobText.error(job));
        }
        return lines;
    }

    /** {@code TRANSFERRING [####----] 45%  12.0 MiB of 27.0 MiB  1 of 2 files  1.2 MiB/s  ETA 0:12}. */
    private String jobLine(JobView job) {
        JobView.Totals p = job.progress();
        long left = p.bytesTotal() < 0 ? -1 : p.bytesTotal() - p.bytesTransferred();
        return String.format(Locale.ROOT, "%-15s %s%4s  %s  %d of %d files  %s  ETA %s", job.state(),
                bar(p.bytesTransferred(), p.bytesTotal()), Units.percent(p.bytesTransferred(), p.bytesTotal()),
                amount(p.bytesTransferred(), p.bytesTotal()), p.filesTransferred(), p.filesTotal(),
                Units.rate(meter.rate()), Units.eta(meter.eta(left)));
    }

    private String fileLine(int index, JobView.FileEntry f) {
        return String.format(Locale.ROOT, "  #%-3d %s%4s  %s%s  %s", index, bar(f.bytesTransferred(), f.bytesTotal()),
                Units.percent(f.bytesTransferred(), f.bytesTotal()), amount(f.bytesTransferred(), f.bytesTotal()),
                f.completed() ? ", done" : "", f.localName());
    }

    private String bar(long done, long total) {
        return terminal ? Units.bar(done, total, BAR_WIDTH) + " " : "";
    }

    private static String amount(long done, long total) {
        return Units.bytes(done) + " of " + Units.bytes(total);
    }
}
