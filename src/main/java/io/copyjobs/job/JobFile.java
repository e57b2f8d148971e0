package io.copyjobs.job;

import java.util.Objects;

/**
 * One file of a job (BG_FILE_INFO plus BG_FILE_PROGRESS). {@code bytesTotal} is -1 while the
 * size is unknown; {@code node} names the node that holds the file's bytes once it has any.
 */
public record JobFile(String remoteUrl, String localName, String sha256,
                      long bytesTotal, long bytesTransferred, boolean completed, String node) {
    public JobFile {
        Objects.requireNonNull(remoteUrl, "remoteUrl");
        Objects.requireNonNull(localName, "localName");
    }

    /** A file just added to a job: nothing transferred, size unknown. */
    public static JobFile added(FileSpec spec) {
        return new JobFile(spec.remoteUrl(), spec.localName(), spec.sha256(), -1, 0, false, null);
    }

    /** The same file with new progress, as the transfer engine reports it. */
    public JobFile withProgress(long total, long transferred, boolean done, String holder) {
        return new JobFile(remoteUrl, localName, sha256, total, transferred, done, holder);
    }
}
