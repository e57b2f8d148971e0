package io.copyjobs.job;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * ReplaceRemotePrefix (BITS IBackgroundCopyJob3): every file not yet transferred whose URL begins
 * with {@code oldPrefix} (compared case by case, as BITS does) has that beginning replaced by
 * {@code newPrefix}. Each URL it makes is checked as AddFileSet checks a URL (E_INVALIDARG naming
 * {@code newPrefix}); no prefix may be empty. When no file matches nothing changes and the answer
 * carries S_FALSE, as BITS returns it. Transferred files keep their URLs (see {@link SetRemoteName}).
 */
public record ReplaceRemotePrefix(String oldPrefix, String newPrefix) implements Command.JobCommand {

    /** The problem with the prefixes themselves, before any job is known (the HTTP edge asks too). */
    public Optional<Rejection> checkPrefixes() {
        if (oldPrefix == null || oldPrefix.isEmpty()) {
            return Optional.of(Rejection.invalidArg("oldPrefix", "is required"));
        }
        if (newPrefix == null || newPrefix.isEmpty()) {
            return Optional.of(Rejection.invalidArg("newPrefix", "is required"));
        }
        return JobRules.checkText(oldPrefix, "oldPrefix", false).or(() -> JobRules.checkText(newPrefix, "newPrefix", false));
    }

    @Override
    public Optional<Rejection> refusal(Job job) {
        Optional<Rejection> prefixes = checkPrefixes();
        if (prefixes.isPresent()) {
            return prefixes;
        }
        for (int i = 0; i < job.files().size(); i++) {
            JobFile file = job.files().get(i);
            if (matches(file)) {
                Optional<Rejection> url = JobRules.checkRemoteUrl(replaced(file), "newPrefix");
                if (url.isPresent()) {
                    return Optional.of(Rejection.of(url.get().code(), url.get().detail() + " (file " + i + ")"));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public Job applyTo(Job job, Actor actor, Instant now) {
        List<JobFile> files = job.files().stream().map(f -> matches(f) ? f.withRemoteUrl(replaced(f)) : f).toList();
        return files.equals(job.files()) ? job : job.change(now).files(files).build();
    }

    @Override
    public ErrorCode result(Job before) {
        return before.files().stream().anyMatch(this::matches) ? null : ErrorCode.S_FALSE;
    }

    private boolean matches(JobFile file) {
        return !file.completed() && file.remoteUrl().startsWith(oldPrefix);
    }

    private String replaced(JobFile file) {
        return newPrefix + file.remoteUrl().substring(oldPrefix.length());
    }
}
