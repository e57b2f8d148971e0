package io.copyjobs.transfer;

import io.copyjobs.job.JobFile;
import io.copyjobs.job.TransferOptions;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One file for {@link FileDownloader} to fetch: where from, into which job directory (see
 * {@link JobDirectory#of}) under which local name, with the optional SHA-256 to check, the file's
 * index in the job, which every {@link io.copyjobs.job.TransferError} names, and how the job asks
 * for it to be fetched ({@code options}, secrets still sealed).
 */
public record FileTask(Path jobDir, int fileIndex, String remoteUrl, String localName, String sha256,
                       TransferOptions options) {
    public FileTask {
        Objects.requireNonNull(jobDir, "jobDir");
        Objects.requireNonNull(remoteUrl, "remoteUrl");
        Objects.requireNonNull(localName, "localName");
        Objects.requireNonNull(options, "options");
    }

    /** The task for file {@code fileIndex} of a job, as the job records it, with the job's options. */
    public static FileTask of(Path jobDir, int fileIndex, JobFile file, TransferOptions options) {
        return new FileTask(jobDir, fileIndex, file.remoteUrl(), file.localName(), file.sha256(), options);
    }
}
