package io.copyjobs.transfer;

import io.copyjobs.job.JobFile;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One file for {@link FileDownloader} to fetch: where from, into which job directory (see
 * {@link JobDirectory#of}) under which local name, with the optional SHA-256 to check, and the file's
 * index in the job, which every {@link io.copyjobs.job.TransferError} names.
 */
public record FileTask(Path jobDir, int fileIndex, String remoteUrl, String localName, String sha256) {
    public FileTask {
        Objects.requireNonNull(jobDir, "jobDir");
        Objects.requireNonNull(remoteUrl, "remoteUrl");
        Objects.requireNonNull(localName, "localName");
    }

    /** The task for file {@code fileIndex} of a job, as the job records it. */
    public static FileTask of(Path jobDir, int fileIndex, JobFile file) {
        return new FileTask(jobDir, fileIndex, file.remoteUrl(), file.localName(), file.sha256());
    }
}
