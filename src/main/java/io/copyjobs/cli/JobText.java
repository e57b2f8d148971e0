package io.copyjobs.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** The plain-text forms of a job: the block {@code info} prints, the one-line summary, the error line. */
final class JobText {
    private JobText() {
    }

    /** A readable block: one {@code Label  value} line per property, then a table of the files. */
    static String block(JobView job) {
        StringBuilder b = new StringBuilder();
        field(b, "ID", job.id());
        field(b, "Name", job.displayName());
        if (job.description() != null && !job.description().isEmpty()) {
            field(b, "Description", job.description());
        }
        field(b, "Owner", job.owner());
        field(b, "State", job.state());
        field(b, "Priority", job.priority() + " (" + job.type() + ")");
        field(b, "Progress", progress(job));
        field(b, "Sources", sources(job.progress().bytesFromOrigin(), job.progress().bytesFromPeers())
                + peerShare(job.progress()));
        field(b, "Rate", Units.bytes(job.bytesPerSecond()) + "/s");
        field(b, "Time used", timeUsed(job.times().transferTime()));
        field(b, "Created", job.times().created());
        field(b, "Modified", job.times().modified());
        field(b, "Transferred", job.times().transferCompleted() == null ? "-" : job.times().transferCompleted());
        field(b, "Errors", job.errorCount() + " (retry delay " + job.minimumRetryDelaySeconds()
                + " s, no-progress timeout " + job.noProgressTimeoutSeconds() + " s)");
        if (job.error() != null) {
            field(b, "Last error", error(job));
        }
        field(b, "Version", Long.toString(job.version()));
        return b.append('\n').append(files(job)).toString();
    }

    /** {@code 1 of 2 files, 10 B of 30 B (33%)}. */
    static String progress(JobView job) {
        JobView.Totals p = job.progress();
        return p.filesTransferred() + " of " + p.filesTotal() + " files, " + Units.bytes(p.bytesTransferred())
                + " of " + Units.bytes(p.bytesTotal()) + " (" + Units.percent(p.bytesTransferred(), p.bytesTotal()) + ")";
    }

    /** {@code from origin 4.8 MiB, from peers 0 B}: where the bytes came from (DO's BytesFromHttp, BytesFromPeers). */
    private static String sources(long fromOrigin, long fromPeers) {
        return "from origin " + Units.bytes(fromOrigin) + ", from peers " + Units.bytes(fromPeers);
    }

    /** {@code  (25% from peers)}, DO's PercentPeerCaching; nothing before any byte has come. */
    private static String peerShare(JobView.Totals p) {
        long all = p.bytesFromOrigin() + p.bytesFromPeers();
        return all == 0 ? "" : " (" + Units.percent(p.bytesFromPeers(), all) + " from peers)";
    }

    /** {@code 62.5 s} of transfer (CONNECTING or TRANSFERRING), the budget maximumDownloadTimeSeconds counts; {@code -} when unknown. */
    private static String timeUsed(String isoDuration) {
        if (isoDuration == null) {
            return "-";
        }
        try {
            return String.format(Locale.ROOT, "%.1f s transferring", Duration.parse(isoDuration).toMillis() / 1000.0);
        } catch (DateTimeParseException e) {
            return isoDuration;
        }
    }

    /** How a job ended, in one line: {@code <id> TRANSFERRED: 2 of 2 files, 30 B of 30 B (100%)}. */
    static String summary(JobView job) {
        return job.id() + " " + job.state() + ": " + progress(job);
    }

    /** {@code BG_E_HTTP_ERROR_404: Not Found (0x80190194, REMOTE_FILE, file 1 b.bin)}. */
    static String error(JobView job) {
        return job.error().code() + ": " + errorDetail(job);
    }

    /** The error without its code: {@code Not Found (0x80190194, REMOTE_FILE, file 1 b.bin)}. */
    static String errorDetail(JobView job) {
        JobView.JobError e = job.error();
        String file = e.fileIndex() == null ? "" : ", file " + e.fileIndex() + fileName(job, e.fileIndex());
        return e.description() + " (" + e.hresult() + ", " + e.context() + file + ")";
    }

    private static String fileName(JobView job, int index) {
        return index >= 0 && index < job.files().size() ? " " + job.files().get(index).localName() : "";
    }

    private static String files(JobView job) {
        Table table = new Table("#", "DONE", "BYTES", "FROM ORIGIN", "FROM PEERS", "LOCAL NAME", "REMOTE URL",
                "SHA-256");
        for (int i = 0; i < job.files().size(); i++) {
            JobView.FileEntry f = job.files().get(i);
            table.row(Integer.toString(i), f.completed() ? "yes" : "no",
                    Units.bytes(f.bytesTransferred()) + " of " + Units.bytes(f.bytesTotal()),
                    Units.bytes(f.bytesFromOrigin()), Units.bytes(f.bytesFromPeers()), f.localName(), f.remoteUrl(),
                    f.digest() == null ? "-" : f.digest());
        }
        return job.files().isEmpty() ? "No files yet.\n" : table.render();
    }

    private static void field(StringBuilder b, String label, String value) {
        b.append(String.format(Locale.ROOT, "%-12s %s", label, value)).append('\n');
    }
}
