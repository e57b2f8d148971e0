package io.copyjobs.job;

import java.util.List;

/**
 * BG_JOB_PROGRESS, derived from the files; {@code bytesTotal} is -1 while any size is unknown.
 * {@code bytesFromOrigin} and {@code bytesFromPeers} add up the files' (DO's BytesFromHttp and
 * BytesFromPeers for the job).
 */
public record Progress(long bytesTotal, long bytesTransferred, int filesTotal, int filesTransferred,
                       long bytesFromOrigin, long bytesFromPeers) {

    public static Progress of(List<JobFile> files) {
        long total = 0;
        long transferred = 0;
        long fromOrigin = 0;
        long fromPeers = 0;
        int done = 0;
        boolean unknown = false;
        for (JobFile f : files) {
            if (f.bytesTotal() < 0) {
                unknown = true;
            } else {
                total += f.bytesTotal();
            }
            transferred += f.bytesTransferred();
            fromOrigin += f.bytesFromOrigin();
            fromPeers += f.bytesFromPeers();
            if (f.completed()) {
                done++;
            }
        }
        return new Progress(unknown ? -1 : total, transferred, files.size(), done, fromOrigin, fromPeers);
    }
}
