package io.copyjobs.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The operations on jobs: the client operations of SPEC §2 (IBackgroundCopyManager::CreateJob
 * and the IBackgroundCopyJob methods) and the transfer engine's reports. Who may send each one
 * and in which states is the table of {@link Operation}; a record holds only the operation's own
 * rules and the job it makes. A new operation is a record (here, or in a file of its own named in
 * {@link JobCommand}'s permits) and a row there.
 */
public sealed interface Command permits Command.CreateJob, Command.JobCommand {

    /** The name of the operation, as the wire, events and logs show it: its {@link Operation} row's. */
    default String operation() {
        return Operation.of(this).wireName();
    }

    /** CreateJob: the owner step mints the id; the job step makes the job. */
    record CreateJob(JobSpec spec) implements Command {
        public CreateJob {
            Objects.requireNonNull(spec, "spec");
        }
    }

    /**
     * A command on an existing job. {@link JobStateMachine} runs it only after the job exists,
     * the sender may send it and the job's state allows it; then {@link #refusal} and
     * {@link #applyTo} are the operation's own rules.
     */
    sealed interface JobCommand extends Command permits AddFiles, Resume, Suspend, Cancel, Complete, SetProperties,
            TakeOwnership, SetCredentials, RemoveCredentials, StartTransfer, ReportProgress, FailTransfer, RetryTransfer,
            SetRemoteName, ReplaceRemotePrefix {
        /** A reason of the operation's own to refuse it on {@code job} (bad arguments, no files). */
        default Optional<Rejection> refusal(Job job) {
            return Optional.empty();
        }

        /** The job this command makes of {@code job}: {@code job} itself when nothing changes. */
        Job applyTo(Job job, Actor actor, Instant now);

        /** A success code to report beside the change (BG_S_PARTIAL_COMPLETE) or the no-change (S_FALSE), or null. */
        default ErrorCode result(Job before) {
            return null;
        }
    }

    /** AddFileSet: appends files; a TRANSFERRED job stays TRANSFERRED until Resume. */
    record AddFiles(List<FileSpec> files) implements JobCommand {
        public AddFiles {
            files = files == null ? List.of() : List.copyOf(files);
        }

        @Override
        public Optional<Rejection> refusal(Job job) {
            return JobRules.checkFiles(files, job.files().stream().map(JobFile::localName).toList());
        }

        @Override
        public Job applyTo(Job job, Actor actor, Instant now) {
            List<JobFile> all = new ArrayList<>(job.files());
            files.forEach(f -> all.add(JobFile.added(f)));
            return job.change(now).files(all).build();
        }
    }

    /** Resume: SUSPENDED, ERROR, TRANSIENT_ERROR and unfinished TRANSFERRED jobs go to QUEUED. */
    record Resume() implements JobCommand {
        @Override
        public Optional<Rejection> refusal(Job job) {
            return job.files().isEmpty() ? Optional.of(Rejection.of(ErrorCode.BG_E_EMPTY,
                    "the job has no files; add files before Resume")) : Optional.empty();
        }

        @Override
        public Job applyTo(Job job, Actor actor, Instant now) {
            boolean moves = switch (job.state()) {
                case SUSPENDED, ERROR, TRANSIENT_ERROR -> true;
                case TRANSFERRED -> !job.allFilesTransferred();
                default -> false;
            };
            // A new attempt starts a new no-progress clock and, as in BITS, a new download time.
            return moves ? job.change(now).state(JobState.QUEUED).transferCompleted(null).clearError().resetTransferTime()
                    .build() : job;
        }
    }

    /** Suspend: any non-final job stops and waits for Resume. */
    record Suspend() implements JobCommand {
        @Override
        public Job applyTo(Job job, Actor actor, Instant now) {
            return job.state() == JobState.SUSPENDED ? job : job.change(now).state(JobState.SUSPENDED).build();
        }
    }

    /** Cancel: the job ends; its temporary files are deleted. */
    record Cancel() implements JobCommand {
        @Override
        public Job applyTo(Job job, Actor actor, Instant now) {
            return job.change(now).state(JobState.CANCELLED).build();
        }
    }

    /** Complete: the job ends; finished files keep their local names, the rest are deleted. */
    record Complete() implements JobCommand {
        @Override
        public Job applyTo(Job job, Actor actor, Instant now) {
            return job.change(now).state(JobState.ACKNOWLEDGED).build();
        }

        @Override
        public ErrorCode result(Job before) {
            return before.files().stream().allMatch(JobFile::completed) ? null : ErrorCode.BG_S_PARTIAL_COMPLETE;
        }
    }

    /**
     * SetProperties: name, description, priority, retry delay, no-progress timeout. With
     * {@code ifMatch} (an ETag) the change applies only to exactly that snapshot.
     */
    record SetProperties(PropertyChanges changes, String ifMatch) implements JobCommand {
        public SetProperties {
            Objects.requireNonNull(changes, "changes");
        }

        @Override
        public Optional<Rejection> refusal(Job job) {
            if (ifMatch != null && !job.matches(ifMatch)) {
                return Optional.of(Rejection.of(ErrorCode.CJ_E_PRECONDITION,
                        "If-Match " + ifMatch + " does not match the job's ETag " + job.etag()));
            }
            return JobRules.checkChanges(changes);
        }

        @Override
        public Job applyTo(Job job, Actor actor, Instant now) {
            Job changed = changes.applyTo(job.change(now), job).build();
            return PropertyChanges.sameProperties(job, changed) ? job : changed;
        }
    }

    /** TakeOwnership: an administrator becomes the job's owner; the old owner's headers and credentials go. */
    record TakeOwnership() implements JobCommand {
        @Override
        public Job applyTo(Job job, Actor actor, Instant now) {
            return job.owner().equals(actor.subject()) ? job
                    : job.change(now).owner(actor.subject()).options(job.options().withoutSecrets()).build();
        }
    }

    /** The engine picked a QUEUED job up: QUEUED → CONNECTING. */
    record StartTransfer() implements JobCommand {
        @Override
        public Job applyTo(Job job, Actor actor, Instant now) {
            return job.change(now).state(JobState.CONNECTING).build();
        }
    }

    /**
     * The engine's progress on one file: CONNECTING/TRANSFERRING → TRANSFERRING, or TRANSFERRED
     * once every file is done. {@code node} names the node that holds the bytes. Every figure is
     * the file's whole so far, not an increment, so that a report sent twice records the same:
     * {@code bytesFromOrigin} and {@code bytesFromPeers} count the bytes of {@code node}'s copy by
     * where they came from, and {@code digest} is the SHA-256 (lower-case hex) of the completed file.
     * Reports of an earlier release lack the three and read as 0, 0 and null.
     */
    record ReportProgress(int fileIndex, long bytesTotal, long bytesTransferred, boolean completed, String node,
                          long bytesFromOrigin, long bytesFromPeers, String digest) implements JobCommand {
        private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

        @Override
        public Optional<Rejection> refusal(Job job) {
            if (fileIndex < 0 || fileIndex >= job.files().size() || bytesTransferred < 0) {
                return Optional.of(Rejection.invalidArg("fileIndex",
                        "no file " + fileIndex + " in a job of " + job.files().size()));
            }
            if (bytesFromOrigin < 0 || bytesFromPeers < 0) {
                return Optional.of(Rejection.invalidArg("bytesFromOrigin",
                        "byte counts are not negative: " + bytesFromOrigin + ", " + bytesFromPeers));
            }
            if (digest != null && !(completed && DIGEST.matcher(digest).matches())) {
                return Optional.of(Rejection.invalidArg("digest",
                        "64 lower-case hex digits, and only for a completed file"));
            }
            return Optional.empty();
        }

        @Override
        public Job applyTo(Job job, Actor actor, Instant now) {
            List<JobFile> files = new ArrayList<>(job.files());
            files.set(fileIndex, appliedTo(files.get(fileIndex)));
            // Progress ends a run of errors: BITS no longer reports an error once bytes move again.
            Job.Builder b = job.change(now).files(files).state(JobState.TRANSFERRING).clearError();
            if (files.stream().allMatch(JobFile::completed)) {
                b.state(JobState.TRANSFERRED).transferCompleted(now);
            }
            return b.build();
        }

        /** {@code file} as this report leaves it: what the engine knows replaces what was recorded. */
        public JobFile appliedTo(JobFile file) {
            return new JobFile(file.remoteUrl(), file.localName(), file.sha256(), bytesTotal, bytesTransferred,
                    completed, node, bytesFromOrigin, bytesFromPeers, digest);
        }
    }

    /**
     * The engine met an error: a transient one waits in TRANSIENT_ERROR for a retry, a fatal one
     * stops in ERROR until Resume. A transient error also stops in ERROR when the no-progress
     * timeout is 0, or when errors have followed each other without progress for that long: then
     * the job's error is DO_E_DOWNLOAD_NO_PROGRESS.
     */
    record FailTransfer(TransferError error, boolean transientError) implements JobCommand {
        public FailTransfer {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public Job applyTo(Job job, Actor actor, Instant now) {
            Instant runStart = job.error() != null && job.error().since() != null ? job.error().since() : now;
            int timeout = job.noProgressTimeoutSeconds();
            boolean outOfTime = timeout == 0 || !now.isBefore(runStart.plusSeconds(timeout));
            TransferError stamped = (transientError && outOfTime && timeout > 0 ? noProgress(timeout) : error)
                    .stamped(now, runStart);
            boolean waits = transientError && !outOfTime;
            return job.change(now).error(stamped).state(waits ? JobState.TRANSIENT_ERROR : JobState.ERROR).build();
        }

        private TransferError noProgress(int timeout) {
            return TransferError.of(ErrorCode.DO_E_DOWNLOAD_NO_PROGRESS, error.context(), "no progress for "
                    + timeout + " s; last error: " + error.code()
                    + (error.description() == null ? "" : " (" + error.description() + ")"), error.fileIndex());
        }
    }

    /** The retry delay after a transient error has passed: TRANSIENT_ERROR → QUEUED. */
    record RetryTransfer() implements JobCommand {
        @Override
        public Job applyTo(Job job, Actor actor, Instant now) {
            return job.change(now).state(JobState.QUEUED).build();
        }
    }
}
