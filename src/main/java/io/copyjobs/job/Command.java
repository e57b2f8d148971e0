package io.copyjobs.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static io.copyjobs.job.JobStateMachine.applied;
import static io.copyjobs.job.JobStateMachine.invalidState;

/**
 * The operations on jobs: the client operations of SPEC §2 (IBackgroundCopyManager::CreateJob
 * and the IBackgroundCopyJob methods) and the transfer engine's reports. Each job command decides
 * its own effect in {@link JobCommand#applyTo}; {@link JobStateMachine} checks what is common
 * (existence, access) first.
 */
public sealed interface Command {

    /** The BITS name of the operation, as events and logs show it. */
    String operation();

    /** CreateJob: the owner step mints the id; the job step makes the job. */
    record CreateJob(JobSpec spec) implements Command {
        public CreateJob {
            Objects.requireNonNull(spec, "spec");
        }

        @Override
        public String operation() {
            return "CreateJob";
        }
    }

    /** A command on an existing job. */
    sealed interface JobCommand extends Command {
        /** Decides the command's effect on {@code job}; the caller may already access the job. */
        Decision applyTo(Job job, Actor actor, Instant now);

        /** Engine reports come from the service itself; clients may not send them. */
        default boolean systemOnly() {
            return false;
        }
    }

    /** AddFileSet: appends files; a TRANSFERRED job stays TRANSFERRED until Resume. */
    record AddFiles(List<FileSpec> files) implements JobCommand {
        public AddFiles {
            files = files == null ? List.of() : List.copyOf(files);
        }

        @Override
        public String operation() {
            return "AddFileSet";
        }

        @Override
        public Decision applyTo(Job job, Actor actor, Instant now) {
            if (job.state().isFinal()) {
                return invalidState(this, job);
            }
            Optional<Rejection> problem = JobRules.checkFiles(files,
                    job.files().stream().map(JobFile::localName).toList());
            if (problem.isPresent()) {
                return new Decision.Rejected(problem.get());
            }
            List<JobFile> all = new ArrayList<>(job.files());
            files.forEach(f -> all.add(JobFile.added(f)));
            return applied(this, actor, job, job.change(now).files(all).build(), null);
        }
    }

    /** Resume: SUSPENDED, ERROR, TRANSIENT_ERROR and unfinished TRANSFERRED jobs go to QUEUED. */
    record Resume() implements JobCommand {
        @Override
        public String operation() {
            return "Resume";
        }

        @Override
        public Decision applyTo(Job job, Actor actor, Instant now) {
            if (job.state().isFinal()) {
                return invalidState(this, job);
            }
            if (job.files().isEmpty()) {
                return new Decision.Rejected(Rejection.of(ErrorCode.BG_E_EMPTY,
                        "the job has no files; add files before Resume"));
            }
            boolean moves = switch (job.state()) {
                case SUSPENDED, ERROR, TRANSIENT_ERROR -> true;
                case TRANSFERRED -> !job.allFilesTransferred();
                default -> false;
            };
            if (!moves) {
                return new Decision.Unchanged(job);
            }
            // A new attempt starts a new no-progress clock.
            return applied(this, actor, job,
                    job.change(now).state(JobState.QUEUED).transferCompleted(null).clearError().build(), null);
        }
    }

    /** Suspend: any non-final job stops and waits for Resume. */
    record Suspend() implements JobCommand {
        @Override
        public String operation() {
            return "Suspend";
        }

        @Override
        public Decision applyTo(Job job, Actor actor, Instant now) {
            if (job.state().isFinal()) {
                return invalidState(this, job);
            }
            if (job.state() == JobState.SUSPENDED) {
                return new Decision.Unchanged(job);
            }
            return applied(this, actor, job, job.change(now).state(JobState.SUSPENDED).build(), null);
        }
    }

    /** Cancel: the job ends; its temporary files are deleted. */
    record Cancel() implements JobCommand {
        @Override
        public String operation() {
            return "Cancel";
        }

        @Override
        public Decision applyTo(Job job, Actor actor, Instant now) {
            if (job.state().isFinal()) {
                return invalidState(this, job);
            }
            return applied(this, actor, job, job.change(now).state(JobState.CANCELLED).build(), null);
        }
    }

    /** Complete: the job ends; finished files keep their local names, the rest are deleted. */
    record Complete() implements JobCommand {
        @Override
        public String operation() {
            return "Complete";
        }

        @Override
        public Decision applyTo(Job job, Actor actor, Instant now) {
            if (job.state().isFinal()) {
                return invalidState(this, job);
            }
            boolean partial = job.files().stream().anyMatch(f -> !f.completed());
            return applied(this, actor, job, job.change(now).state(JobState.ACKNOWLEDGED).build(),
                    partial ? ErrorCode.BG_S_PARTIAL_COMPLETE : null);
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
        public String operation() {
            return "SetProperties";
        }

        @Override
        public Decision applyTo(Job job, Actor actor, Instant now) {
            if (job.state().isFinal()) {
                return invalidState(this, job);
            }
            if (ifMatch != null && !matches(ifMatch, job.etag())) {
                return new Decision.Rejected(Rejection.of(ErrorCode.CJ_E_PRECONDITION,
                        "If-Match " + ifMatch + " does not match the job's ETag " + job.etag()));
            }
            Optional<Rejection> problem = JobRules.checkChanges(changes);
            if (problem.isPresent()) {
                return new Decision.Rejected(problem.get());
            }
            Job.Builder b = job.change(now);
            if (changes.displayName() != null) {
                b.displayName(changes.displayName());
            }
            if (changes.description() != null) {
                b.description(changes.description());
            }
            if (changes.priority() != null) {
                b.priority(changes.priority());
            }
            if (changes.minimumRetryDelaySeconds() != null) {
                b.minimumRetryDelaySeconds(changes.minimumRetryDelaySeconds());
            }
            if (changes.noProgressTimeoutSeconds() != null) {
                b.noProgressTimeoutSeconds(changes.noProgressTimeoutSeconds());
            }
            Job changed = b.build();
            if (sameProperties(job, changed)) {
                return new Decision.Unchanged(job);
            }
            return applied(this, actor, job, changed, null);
        }

        /** RFC 9110 If-Match: {@code *}, or a list of entity tags compared strongly (weak ones never match). */
        static boolean matches(String ifMatch, String etag) {
            if (ifMatch.trim().equals("*")) {
                return true;
            }
            for (String tag : ifMatch.split(",")) {
                if (tag.trim().equals(etag)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean sameProperties(Job a, Job b) {
            return a.displayName().equals(b.displayName()) && Objects.equals(a.description(), b.description())
                    && a.priority() == b.priority() && a.minimumRetryDelaySeconds() == b.minimumRetryDelaySeconds()
                    && a.noProgressTimeoutSeconds() == b.noProgressTimeoutSeconds();
        }
    }

    /** TakeOwnership: an administrator becomes the job's owner. */
    record TakeOwnership() implements JobCommand {
        @Override
        public String operation() {
            return "TakeOwnership";
        }

        @Override
        public Decision applyTo(Job job, Actor actor, Instant now) {
            if (!actor.admin() || actor.isSystem()) {
                return new Decision.Rejected(Rejection.of(ErrorCode.E_ACCESSDENIED,
                        "only administrators may take ownership of a job"));
            }
            if (job.state().isFinal()) {
                return invalidState(this, job);
            }
            if (job.owner().equals(actor.subject())) {
                return new Decision.Unchanged(job);
            }
            return applied(this, actor, job, job.change(now).owner(actor.subject()).build(), null);
        }
    }

    /** The engine picked a QUEUED job up: QUEUED → CONNECTING. */
    record StartTransfer() implements JobCommand {
        @Override
        public String operation() {
            return "StartTransfer";
        }

        @Override
        public boolean systemOnly() {
            return true;
        }

        @Override
        public Decision applyTo(Job job, Actor actor, Instant now) {
            if (job.state() != JobState.QUEUED) {
                return invalidState(this, job);
            }
            return applied(this, actor, job, job.change(now).state(JobState.CONNECTING).build(), null);
        }
    }

    /**
     * The engine's progress on one file: CONNECTING/TRANSFERRING → TRANSFERRING, or TRANSFERRED
     * once every file is done. {@code node} names the node that holds the bytes.
     */
    record ReportProgress(int fileIndex, long bytesTotal, long bytesTransferred, boolean completed, String node)
            implements JobCommand {
        @Override
        public String operation() {
            return "Progress";
        }

        @Override
        public boolean systemOnly() {
            return true;
        }

        @Override
        public Decision applyTo(Job job, Actor actor, Instant now) {
            if (job.state() != JobState.CONNECTING && job.state() != JobState.TRANSFERRING) {
                return invalidState(this, job);
            }
            if (fileIndex < 0 || fileIndex >= job.files().size() || bytesTransferred < 0) {
                return new Decision.Rejected(Rejection.invalidArg("fileIndex",
                        "no file " + fileIndex + " in a job of " + job.files().size()));
            }
            List<JobFile> files = new ArrayList<>(job.files());
            files.set(fileIndex, files.get(fileIndex).withProgress(bytesTotal, bytesTransferred, completed, node));
            // Progress ends a run of errors: BITS no longer reports an error once bytes move again.
            Job.Builder b = job.change(now).files(files).state(JobState.TRANSFERRING).clearError();
            if (files.stream().allMatch(JobFile::completed)) {
                b.state(JobState.TRANSFERRED).transferCompleted(now);
            }
            return applied(this, actor, job, b.build(), null);
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
        public String operation() {
            return "TransferError";
        }

        @Override
        public boolean systemOnly() {
            return true;
        }

        @Override
        public Decision applyTo(Job job, Actor actor, Instant now) {
            boolean running = job.state() == JobState.CONNECTING || job.state() == JobState.TRANSFERRING;
            if (!running && job.state() != JobState.TRANSIENT_ERROR) {
                return invalidState(this, job);
            }
            Instant runStart = job.error() != null && job.error().since() != null ? job.error().since() : now;
            TransferError stamped = error.stamped(now, runStart);
            boolean outOfTime = job.noProgressTimeoutSeconds() == 0
                    || !now.isBefore(runStart.plusSeconds(job.noProgressTimeoutSeconds()));
            if (transientError && outOfTime && job.noProgressTimeoutSeconds() > 0) {
                stamped = TransferError.of(ErrorCode.DO_E_DOWNLOAD_NO_PROGRESS,
                        error.context(), "no progress for " + job.noProgressTimeoutSeconds() + " s; last error: "
                                + error.code() + (error.description() == null ? "" : " (" + error.description() + ")"),
                        error.fileIndex()).stamped(now, runStart);
            }
            boolean waits = transientError && !outOfTime;
            return applied(this, actor, job,
                    job.change(now).error(stamped).state(waits ? JobState.TRANSIENT_ERROR : JobState.ERROR).build(),
                    null);
        }
    }

    /** The retry delay after a transient error has passed: TRANSIENT_ERROR → QUEUED. */
    record RetryTransfer() implements JobCommand {
        @Override
        public String operation() {
            return "Retry";
        }

        @Override
        public boolean systemOnly() {
            return true;
        }

        @Override
        public Decision applyTo(Job job, Actor actor, Instant now) {
            if (job.state() != JobState.TRANSIENT_ERROR) {
                return invalidState(this, job);
            }
            return applied(this, actor, job, job.change(now).state(JobState.QUEUED).build(), null);
        }
    }
}
