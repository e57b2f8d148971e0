package io.copyjobs.job;

import java.util.Objects;

/**
 * One file of a job (BG_FILE_INFO plus BG_FILE_PROGRESS). {@code bytesTotal} is -1 while the
 * size is unknown; {@code node} names the node that holds the file's bytes once it has any.
 *
 * <p>Where those bytes came from, as Delivery Optimization reports it (BytesFromHttp,
 * BytesFromPeers): {@code bytesFromOrigin} from the file's URL, {@code bytesFromPeers} from other
 * copyjobs nodes; both count the copy that {@code node} holds, so a file begun again elsewhere
 * counts the new copy only. {@code digest} is the SHA-256 (lower-case hex) of the downloaded file,
 * recorded once it is complete whether or not the job gave a {@code sha256}. Entries written before
 * these fields existed read as 0, 0 and null.
 */
public record JobFile(String remoteUrl, String localName, String sha256,
                      long bytesTotal, long bytesTransferred, boolean completed, String node,
                      long bytesFromOrigin, long bytesFromPeers, String digest) {
    public JobFile {
        Objects.requireNonNull(remoteUrl, "remoteUrl");
        Objects.requireNonNull(localName, "localName");
    }

    /** A file just added to a job: nothing transferred, size unknown. */
    public static JobFile added(FileSpec spec) {
        return new JobFile(spec.remoteUrl(), spec.localName(), spec.sha256(), -1, 0, false, null, 0, 0, null);
    }

    /** This file fetched from {@code url} from now on (SetRemoteName): its bytes so far stay, for a resume. */
    public JobFile withRemoteUrl(String url) {
        return new JobFile(url, localName, sha256, bytesTotal, bytesTransferred, completed, node, bytesFromOrigin,
                bytesFromPeers, digest);
    }
}
