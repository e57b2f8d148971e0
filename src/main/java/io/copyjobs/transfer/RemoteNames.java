package io.copyjobs.transfer;

import io.copyjobs.job.Job;
import io.copyjobs.job.JobFile;

import java.util.OptionalInt;

/**
 * How a running transfer learns that its job's files got new URLs (SetRemoteName,
 * ReplaceRemotePrefix, as when presigned URLs expire): the job as the transfer began it against the
 * job as the engine last heard of it. The engine then stops the transfer, leaving its part file,
 * and starts the job again from the new URLs; the download resumes the part with {@code If-Range}
 * and the validator it recorded, so the bytes so far are kept exactly when the new URL serves the
 * same content, and the file starts over when it does not.
 */
final class RemoteNames {
    private RemoteNames() {
    }

    /** The first file not yet transferred whose URL is not the one {@code began} fetches it from. */
    static OptionalInt changed(Job began, Job now) {
        int files = Math.min(began.files().size(), now.files().size());
        for (int i = 0; i < files; i++) {
            JobFile file = now.files().get(i);
            if (!file.completed() && !file.remoteUrl().equals(began.files().get(i).remoteUrl())) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }
}
