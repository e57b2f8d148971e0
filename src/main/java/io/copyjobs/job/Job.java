package io.copyjobs.job;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A background copy job (IBackgroundCopyJob): an immutable snapshot at one {@code version}.
 * Every accepted change yields a new snapshot with {@code version + 1}; see {@link JobStateMachine}.
 * {@code bytesPerSecond} is the job's receive rate over its last progress write, 0 unless TRANSFERRING
 * (see {@link TransferClock}).
 */
public record Job(JobId id, String owner, String displayName, String description, JobType type,
                  Priority priority, JobState state, List<JobFile> files, Times times,
                  TransferError error, int errorCount, int minimumRetryDelaySeconds,
                  int noProgressTimeoutSeconds, TransferOptions options, long bytesPerSecond, long version) {

    /** MessageDigest.getInstance looks the provider up every time; GetJob computes an ETag per answer. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    });

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(times, "times");
        files = List.copyOf(files);
        // Snapshots written before issue 18 have no options.
        options = options == null ? TransferOptions.NONE : options.over(TransferOptions.NONE);
    }

    /** A new job in SUSPENDED, as BITS makes it: nothing moves until Resume. */
    public static Job create(JobId id, String owner, JobSpec spec, Instant now) {
        return new Job(id, owner, spec.displayName(), spec.description(),
                spec.type() == null ? JobType.DOWNLOAD : spec.type(),
                spec.priority() == null ? Priority.NORMAL : spec.priority(),
                JobState.SUSPENDED,
                spec.files().stream().map(JobFile::added).toList(),
                new Times(now, now, null), null, 0,
                JobRules.effectiveRetryDelay(spec.minimumRetryDelaySeconds() == null
                        ? Limits.DEFAULT_RETRY_DELAY_SECONDS : spec.minimumRetryDelaySeconds()),
                spec.noProgressTimeoutSeconds() == null
                        ? Limits.DEFAULT_NO_PROGRESS_TIMEOUT_SECONDS : spec.noProgressTimeoutSeconds(),
                spec.options(), 0, 1);
    }

    public Progress progress() {
        return Progress.of(files);
    }

    /**
     * What the job has spent CONNECTING or TRANSFERRING at {@code now}: the recorded time, and since
     * {@code modified} too while it is in one of them (a snapshot is rewritten at every progress write).
     */
    public Duration transferTime(Instant now) {
        return TransferClock.used(this, now);
    }

    /** True when the job has files and every one of them has been transferred. */
    public boolean allFilesTransferred() {
        return !files.isEmpty() && files.stream().allMatch(JobFile::completed);
    }

    /**
     * The HTTP entity tag: the version and a short hash of the content, quoted. The version alone
     * is not enough: under exactly-once a version seen in a store before a crash can be rolled
     * back and then reused for different content.
     */
    public String etag() {
        MessageDigest sha = SHA256.get();
        sha.reset();
        ContentDigest.add(sha, this);
        byte[] digest = sha.digest();
        return "\"" + version + "-" + HexFormat.of().formatHex(digest, 0, 6) + "\"";
    }

    /** RFC 9110 If-Match: {@code *}, or a list of entity tags compared strongly (weak ones never match). */
    public boolean matches(String ifMatch) {
        if (ifMatch.trim().equals("*")) {
            return true;
        }
        String etag = etag();
        for (String tag : ifMatch.split(",")) {
            if (tag.trim().equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * This snapshot, not yet written, with {@code more} errors counted besides those it records:
     * failures that were met but not written one by one (SPEC §1: errorCount is every error so far).
     */
    public Job withErrorsCounted(int more) {
        return more == 0 ? this : new Job(id, owner, displayName, description, type, priority, state, files, times,
                error, errorCount + more, minimumRetryDelaySeconds, noProgressTimeoutSeconds, options, bytesPerSecond,
                version);
    }

    /**
     * The job as answers show it: header names and credential schemes, no secret, not even sealed
     * (issue 18: at most the header names and "credentials set").
     */
    public Job redacted() {
        return !options.hasSecrets() ? this : new Job(id, owner, displayName, description, type, priority, state,
                files, times, error, errorCount, minimumRetryDelaySeconds, noProgressTimeoutSeconds,
                options.withSecrets(secret -> null), bytesPerSecond, version);
    }

    /** A copy to change; {@link Builder#build} stamps the new version and modification time. */
    public Builder change(Instant now) {
        return new Builder(this, now);
    }

    /** Collects the changes of one operation on a job. */
    public static final class Builder {
        private final Job base;
        private final Instant now;
        private String owner;
        private String displayName;
        private String description;
        private Priority priority;
        private JobState state;
        private List<JobFile> files;
        private TransferError error;
        private int errorCount;
        private int minimumRetryDelaySeconds;
        private int noProgressTimeoutSeconds;
        private Instant transferCompleted;
        private TransferOptions options;
        private boolean newBudget;

        private Builder(Job base, Instant now) {
            this.base = base;
            this.now = now;
            owner = base.owner;
            displayName = base.displayName;
            description = base.description;
            priority = base.priority;
            state = base.state;
            files = base.files;
            error = base.error;
            errorCount = base.errorCount;
            minimumRetryDelaySeconds = base.minimumRetryDelaySeconds;
            noProgressTimeoutSeconds = base.noProgressTimeoutSeconds;
            transferCompleted = base.times.transferCompleted();
            options = base.options;
        }

        public Builder owner(String value) {
            owner = value;
            return this;
        }

        public Builder displayName(String value) {
            displayName = value;
            return this;
        }

        public Builder description(String value) {
            description = value;
            return this;
        }

        public Builder priority(Priority value) {
            priority = value;
            return this;
        }

        public Builder state(JobState value) {
            state = value;
            return this;
        }

        public Builder files(List<JobFile> value) {
            files = value;
            return this;
        }

        /** Records a transfer error and counts it. */
        public Builder error(TransferError value) {
            error = value;
            errorCount++;
            return this;
        }

        /** Drops the last error without counting anything. */
        public Builder clearError() {
            error = null;
            return this;
        }

        public Builder minimumRetryDelaySeconds(int value) {
            minimumRetryDelaySeconds = JobRules.effectiveRetryDelay(value);
            return this;
        }

        public Builder noProgressTimeoutSeconds(int value) {
            noProgressTimeoutSeconds = value;
            return this;
        }

        public Builder transferCompleted(Instant value) {
            transferCompleted = value;
            return this;
        }

        public Builder options(TransferOptions value) {
            options = value;
            return this;
        }

        /** Starts the job's download time anew (BITS: Resume resets the time SetMaximumDownloadTime counts). */
        public Builder resetTransferTime() {
            newBudget = true;
            return this;
        }

        /** The new snapshot; the time since the last one counts as transfer time if the job was transferring. */
        public Job build() {
            Duration used = newBudget ? Duration.ZERO : base.transferTime(now);
            return new Job(base.id, owner, displayName, description, base.type, priority, state, files,
                    new Times(base.times.created(), now, transferCompleted, used), error, errorCount,
                    minimumRetryDelaySeconds, noProgressTimeoutSeconds, options,
                    TransferClock.rate(base, state, files, now), base.version + 1);
        }
    }
}
