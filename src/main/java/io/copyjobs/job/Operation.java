package io.copyjobs.job;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * SPEC §2 as data: each operation, the record that carries it, who may send it and the states it
 * is allowed in. {@link JobStateMachine#decide} checks a command against its row before the
 * command's own rules run ({@link Command.JobCommand}); the name is the command's {@code op} on
 * the wire and its operation in events and answers.
 *
 * <p>The checks, in order: the job exists (DO_E_NOT_FOUND), the sender may send the operation
 * (E_ACCESSDENIED), the job's state allows it (BG_E_INVALID_STATE). CreateJob is the one
 * operation on a job that does not exist yet (E_INVALIDARG when it does), so its row has no
 * states. A test prints this table from the rows and compares it with the text below.
 *
 * <pre>
 * operation            sent by  Q   C   T   S   E   TE  TD  ACK CAN
 * AddFileSet           owner    ok  ok  ok  ok  ok  ok  ok  no  no
 * Resume               owner    ok  ok  ok  ok  ok  ok  ok  no  no
 * Suspend              owner    ok  ok  ok  ok  ok  ok  ok  no  no
 * Cancel               owner    ok  ok  ok  ok  ok  ok  ok  no  no
 * Complete             owner    ok  ok  ok  ok  ok  ok  ok  no  no
 * SetProperties        owner    ok  ok  ok  ok  ok  ok  ok  no  no
 * TakeOwnership        admin    ok  ok  ok  ok  ok  ok  ok  no  no
 * SetCredentials       owner    ok  ok  ok  ok  ok  ok  ok  no  no
 * RemoveCredentials    owner    ok  ok  ok  ok  ok  ok  ok  no  no
 * StartTransfer        engine   ok  no  no  no  no  no  no  no  no
 * Progress             engine   no  ok  ok  no  no  no  no  no  no
 * TransferError        engine   no  ok  ok  no  no  ok  no  no  no
 * Retry                engine   no  no  no  no  no  ok  no  no  no
 * SetRemoteName        owner    ok  ok  ok  ok  ok  ok  ok  no  no
 * ReplaceRemotePrefix  owner    ok  ok  ok  ok  ok  ok  ok  no  no
 * </pre>
 *
 * <p>States: Q QUEUED, C CONNECTING, T TRANSFERRING, S SUSPENDED, E ERROR, TE TRANSIENT_ERROR,
 * TD TRANSFERRED, ACK ACKNOWLEDGED, CAN CANCELLED. {@code ok}: allowed; the command's own rules
 * then decide (BG_E_EMPTY, BG_E_TOO_MANY_FILES_IN_JOB, CJ_E_PRECONDITION, E_INVALIDARG) and what
 * the job becomes. {@code no}: BG_E_INVALID_STATE. Senders (anyone else: E_ACCESSDENIED):
 * {@code owner}, the job's owner or an administrator (for CreateJob: any caller, who becomes the
 * owner); {@code admin}, an administrator; {@code engine}, the service itself.
 */
public enum Operation {
    CREATE_JOB("CreateJob", Command.CreateJob.class, Sender.OWNER, EnumSet.noneOf(JobState.class)),
    ADD_FILE_SET("AddFileSet", Command.AddFiles.class, Sender.OWNER, notFinal()),
    RESUME("Resume", Command.Resume.class, Sender.OWNER, notFinal()),
    SUSPEND("Suspend", Command.Suspend.class, Sender.OWNER, notFinal()),
    CANCEL("Cancel", Command.Cancel.class, Sender.OWNER, notFinal()),
    COMPLETE("Complete", Command.Complete.class, Sender.OWNER, notFinal()),
    SET_PROPERTIES("SetProperties", Command.SetProperties.class, Sender.OWNER, notFinal()),
    TAKE_OWNERSHIP("TakeOwnership", Command.TakeOwnership.class, Sender.ADMIN, notFinal()),
    SET_CREDENTIALS("SetCredentials", SetCredentials.class, Sender.OWNER, notFinal()),
    REMOVE_CREDENTIALS("RemoveCredentials", RemoveCredentials.class, Sender.OWNER, notFinal()),
    START_TRANSFER("StartTransfer", Command.StartTransfer.class, Sender.ENGINE, EnumSet.of(JobState.QUEUED)),
    PROGRESS("Progress", Command.ReportProgress.class, Sender.ENGINE,
            EnumSet.of(JobState.CONNECTING, JobState.TRANSFERRING)),
    // A transient error in TRANSIENT_ERROR is how the engine counts a run of errors towards the
    // no-progress timeout.
    TRANSFER_ERROR("TransferError", Command.FailTransfer.class, Sender.ENGINE,
            EnumSet.of(JobState.CONNECTING, JobState.TRANSFERRING, JobState.TRANSIENT_ERROR)),
    RETRY("Retry", Command.RetryTransfer.class, Sender.ENGINE, EnumSet.of(JobState.TRANSIENT_ERROR)),
    // A transferred file refuses a new URL itself; the job's state only has to be not final.
    SET_REMOTE_NAME("SetRemoteName", SetRemoteName.class, Sender.OWNER, notFinal()),
    REPLACE_REMOTE_PREFIX("ReplaceRemotePrefix", ReplaceRemotePrefix.class, Sender.OWNER, notFinal());

    /** Who may send an operation, beyond being allowed to access the job at all (SPEC §4). */
    public enum Sender {
        /** The job's owner or an administrator. */
        OWNER,
        /** An administrator, not the service itself. */
        ADMIN,
        /** The service itself: the transfer engine's reports. */
        ENGINE
    }

    private static final Map<Class<?>, Operation> BY_TYPE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Operation::type, Function.identity()));

    private final String wireName;
    private final Class<? extends Command> type;
    private final Sender sender;
    private final Set<JobState> allowedIn;

    Operation(String wireName, Class<? extends Command> type, Sender sender, EnumSet<JobState> allowedIn) {
        this.wireName = wireName;
        this.type = type;
        this.sender = sender;
        this.allowedIn = Collections.unmodifiableSet(allowedIn);
    }

    /** The row of {@code command}'s record. */
    public static Operation of(Command command) {
        Operation op = BY_TYPE.get(command.getClass());
        if (op == null) {
            throw new IllegalStateException(command.getClass() + " has no row in the operation table");
        }
        return op;
    }

    /** The name of the operation: {@code op} on the wire, and in events, answers and logs. */
    public String wireName() {
        return wireName;
    }

    /** The command record that carries this operation. */
    public Class<? extends Command> type() {
        return type;
    }

    public Sender sender() {
        return sender;
    }

    /** True when a job in {@code state} may take this operation. */
    public boolean allowedIn(JobState state) {
        return allowedIn.contains(state);
    }

    private static EnumSet<JobState> notFinal() {
        return Arrays.stream(JobState.values()).filter(s -> !s.isFinal())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(JobState.class)));
    }
}
