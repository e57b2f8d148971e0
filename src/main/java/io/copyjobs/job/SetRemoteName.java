package io.copyjobs.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SetRemoteName (BITS IBackgroundCopyFile2): file {@code fileIndex} is fetched from {@code remoteUrl}
 * from now on, as when a presigned URL expired. The URL is checked as AddFileSet checks it. A file
 * being transferred starts again from the new URL, resuming its part file when the content is the
 * same (the transfer engine's rule); a transferred file keeps its URL, the source of its bytes
 * (BITS never restarts one): BG_E_INVALID_STATE. The same URL again changes nothing.
 */
public record SetRemoteName(int fileIndex, String remoteUrl) implements Command.JobCommand {

    @Override
    public Optional<Rejection> refusal(Job job) {
        if (fileIndex < 0 || fileIndex >= job.files().size()) {
            return Optional.of(Rejection.invalidArg("fileIndex", "no file " + fileIndex + " in a job of "
                    + job.files().size()));
        }
        Optional<Rejection> url = JobRules.checkRemoteUrl(remoteUrl, "remoteUrl");
        if (url.isPresent()) {
            return url;
        }
        if (job.files().get(fileIndex).completed()) {
            return Optional.of(Rejection.of(ErrorCode.BG_E_INVALID_STATE, "SetRemoteName is not allowed on file "
                    + fileIndex + ", which is transferred already: its remote URL stays the source of its bytes"));
        }
        return Optional.empty();
    }

    @Override
    public Job applyTo(Job job, Actor actor, Instant now) {
        JobFile file = job.files().get(fileIndex);
        if (file.remoteUrl().equals(remoteUrl)) {
            return job;
        }
        List<JobFile> files = new ArrayList<>(job.files());
        files.set(fileIndex, file.withRemoteUrl(remoteUrl));
        return job.change(now).files(files).build();
    }
}
