package io.copyjobs.transfer;

import io.copyjobs.job.JobFile;
import io.copyjobs.job.TransferOptions;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One file for {@link FileDownloader} to fetch: where from, into which job directory (see
 * {@link JobDirectory#of}) under which local name, with the optional SHA-256 to check, the file's
 * index in the job, which every {@link io.copyjobs.job.TransferError} names, how the job asks
 * for it to be fetched ({@code options}, secrets still sealed) and the job's id, whose bandwidth
 * limit the download keeps to even when its part file lives in the content store.
 */
public record FileTask(Path jobDir, int fileIndex, String remoteUrl, String localName, String sha256,
                       TransferOptions options, String job) {
    public FileTask {
        Objects.requireNonNull(jobDir, "jobDir");
        Objects.requireNonNull(remoteUrl, "remoteUrl");
        Objects.requireNonNull(localName, "localName");
        Objects.requireNonNull(options, "options");
    }

    /** A task of no job of its own (a seed, a single download): its directory stands for the job its limit is shared in. */
    public FileTask(Path jobDir, int fileIndex, String remoteUrl, String localName, String sha256,
                    TransferOptions options) {
        this(jobDir, fileIndex, remoteUrl, localName, sha256, options, null);
    }

    /** The task for file {@code fileIndex} of {@code job}, as the job records it, with the job's options. */
    public static FileTask of(String job, Path jobDir, int fileIndex, JobFile file, TransferOptions options) {
        return new FileTask(jobDir, fileIndex, file.remoteUrl(), file.localName(), file.sha256(), options, job);
    }

    /** Whose bandwidth limit this download shares: its job's, else its directory's. */
    String limitKey() {
        return job != null ? job : jobDir.toString();
    }
}
