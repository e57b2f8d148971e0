package io.copyjobs.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies a command to a job: the single place where the rules of SPEC §2 run. It checks a
 * command against its row of the {@link Operation} table (the job exists, the sender may send it,
 * the job's state allows it), then lets the command's own rules make the new job and adds the
 * notifications. Pure: the same job, command, actor and time always give the same decision, so the
 * Streams processor, tests and replays agree.
 */
public final class JobStateMachine {

    private JobStateMachine() {
    }

    /**
     * Decides {@code command} on the job {@code id}, which is {@code current} or absent.
     * Order of checks: existence, access (owner or administrator; the operation's sender), the
     * job's state, then the command's own rules.
     */
    public static Decision decide(JobId id, Optional<Job> current, Command command, Actor actor, Instant now) {
        if (command instanceof Command.CreateJob create) {
            return create(id, current, create, actor, now);
        }
        if (current.isEmpty()) {
            return new Decision.Rejected(Rejection.of(ErrorCode.DO_E_NOT_FOUND, "no job " + id));
        }
        Job job = current.get();
        Command.JobCommand jobCommand = (Command.JobCommand) command;
        Optional<Rejection> refused = checkAccess(job, command, actor)
                .or(() -> checkRow(Operation.of(command), job, actor))
                .or(() -> jobCommand.refusal(job));
        if (refused.isPresent()) {
            return new Decision.Rejected(refused.get());
        }
        Job after = jobCommand.applyTo(job, actor, now);
        return after.equals(job) ? new Decision.Unchanged(job, jobCommand.result(job))
                : applied(command, actor, job, after, jobCommand.result(job));
    }

    /**
     * The access rule of SPEC §4 for {@code command} on an existing job: its owner or an
     * administrator, and engine reports from the service only. Also the rule for a retried
     * command, which must not answer with a job its caller may no longer see.
     */
    public static Optional<Rejection> checkAccess(Job job, Command command, Actor actor) {
        boolean fromEngine = Operation.of(command).sender() == Operation.Sender.ENGINE;
        if (actor.mayAccess(job.owner()) && !(fromEngine && !actor.isSystem())) {
            return Optional.empty();
        }
        // A retried CreateJob asks for the job it made: the caller may not see it any more.
        String what = command instanceof Command.CreateJob ? "see" : command.operation();
        return Optional.of(Rejection.of(ErrorCode.E_ACCESSDENIED, actor.subject() + " may not " + what + " job "
                + job.id()));
    }

    /** The rest of the operation's row: an administrator's operation, the states it is allowed in. */
    private static Optional<Rejection> checkRow(Operation op, Job job, Actor actor) {
        if (op.sender() == Operation.Sender.ADMIN && (!actor.admin() || actor.isSystem())) {
            return Optional.of(Rejection.of(ErrorCode.E_ACCESSDENIED, op.wireName() + " is for administrators only"));
        }
        if (!op.allowedIn(job.state())) {
            // BG_E_INVALID_STATE naming the operation and the state, as SPEC §3 asks.
            return Optional.of(Rejection.of(ErrorCode.BG_E_INVALID_STATE,
                    op.wireName() + " is not allowed in state " + job.state()));
        }
        return Optional.empty();
    }

    private static Decision create(JobId id, Optional<Job> current, Command.CreateJob create, Actor actor,
                                   Instant now) {
        if (current.isPresent()) {
            return new Decision.Rejected(Rejection.invalidArg("id", "job " + id + " exists already"));
        }
        Optional<Rejection> problem = JobRules.checkSpec(create.spec());
        if (problem.isPresent()) {
            return new Decision.Rejected(problem.get());
        }
        Job job = Job.create(id, actor.subject(), create.spec(), now);
        return new Decision.Applied(job, List.of(event(JobEvent.Type.JOB_MODIFICATION, job, create, actor, null, null)),
                null);
    }

    /**
     * An accepted change with its notifications: FileTransferred for each file that finished,
     * JobTransferred on reaching TRANSFERRED, JobError on reaching ERROR, and JobModification always.
     */
    private static Decision applied(Command command, Actor actor, Job before, Job after, ErrorCode result) {
        if (before.state() != after.state() && !before.state().isValidTransition(after.state())) {
            // A command and the state table disagree: a bug, refused as such rather than applied.
            return new Decision.Rejected(Rejection.of(ErrorCode.E_UNEXPECTED, command.operation() + " would move "
                    + before.state() + " to " + after.state() + ", which JobState does not allow"));
        }
        List<JobEvent> events = new ArrayList<>();
        for (int i = 0; i < after.files().size(); i++) {
            boolean wasDone = i < before.files().size() && before.files().get(i).completed();
            if (after.files().get(i).completed() && !wasDone) {
                events.add(event(JobEvent.Type.FILE_TRANSFERRED, after, command, actor, i, null));
            }
        }
        if (after.state() != before.state() && after.state() == JobState.TRANSFERRED) {
            events.add(event(JobEvent.Type.JOB_TRANSFERRED, after, command, actor, null, null));
        }
        if (after.state() != before.state() && after.state() == JobState.ERROR) {
            events.add(event(JobEvent.Type.JOB_ERROR, after, command, actor, null, null));
        }
        boolean secretsRemoved = before.options().hasSecrets() && !after.options().hasSecrets();
        events.add(event(JobEvent.Type.JOB_MODIFICATION, after, command, actor, null,
                secretsRemoved ? "the job's headers and credentials were removed" : null));
        return new Decision.Applied(after, events, result);
    }

    private static JobEvent event(JobEvent.Type type, Job job, Command command, Actor actor, Integer fileIndex,
                                  String note) {
        return new JobEvent(type, job.id(), job.version(), command.operation(), actor.subject(), job.owner(),
                job.state(), job.times().modified(), fileIndex, note);
    }
}
