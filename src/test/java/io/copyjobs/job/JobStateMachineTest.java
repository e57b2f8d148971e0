package io.copyjobs.job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation in every state, against a table written out here independently of the code
 * (SPEC §2). The fixture job has two files, the first transferred and the second not, so that
 * Resume of TRANSFERRED has something left to do and Complete is partial.
 */
class JobStateMachineTest {
    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    static final Instant T1 = T0.plusSeconds(60);
    static final Actor OWNER = new Actor("alice", false);
    static final Actor ADMIN = new Actor("root", true);
    static final JobId ID = JobId.parse("5ce34c0d-1b2a-4c3d-8e4f-0123456789ab").orElseThrow();

    /** The columns of the tables, in this order. */
    static final List<JobState> STATES = List.of(JobState.QUEUED, JobState.CONNECTING, JobState.TRANSFERRING,
            JobState.SUSPENDED, JobState.ERROR, JobState.TRANSIENT_ERROR, JobState.TRANSFERRED,
            JobState.ACKNOWLEDGED, JobState.CANCELLED);

    /** How the tables below write the states, in the order of {@link #STATES}. */
    static final List<String> SHORT = List.of("Q", "C", "T", "S", "E", "TE", "TD", "ACK", "CAN");

    /**
     * SPEC §2 as data: per operation, what it does in each state of {@link #STATES}. A state
     * ({@code Q} … {@code CAN}) means applied, version + 1, in that state; {@code =} applied, state
     * kept; {@code U} unchanged (a no-op: same job, same version); {@code 409} BG_E_INVALID_STATE.
     * The engine's reports (the last six rows) are allowed only where SPEC's engine row moves a job
     * and are refused elsewhere, where a report can only be stale; a transient error reported in
     * TRANSIENT_ERROR is how the engine counts a run of errors towards the no-progress timeout.
     * The fixture has one transferred file and one not, so Resume of TRANSFERRED has work left.
     */
    static final List<Row> TABLE = List.of(
            //                                                                Q    C    T    S    E    TE   TD   ACK  CAN
            new Row("AddFileSet", new Command.AddFiles(List.of(new FileSpec("https://example.com/c.bin", "c.bin", null))),
                                                                             "=    =    =    =    =    =    =    409  409"),
            new Row("Resume", new Command.Resume(),                          "U    U    U    Q    Q    Q    Q    409  409"),
            new Row("Suspend", new Command.Suspend(),                        "S    S    S    U    S    S    S    409  409"),
            new Row("Cancel", new Command.Cancel(),                          "CAN  CAN  CAN  CAN  CAN  CAN  CAN  409  409"),
            new Row("Complete", new Command.Complete(),                      "ACK  ACK  ACK  ACK  ACK  ACK  ACK  409  409"),
            new Row("SetProperties", new Command.SetProperties(new PropertyChanges("renamed", null, null, null, null, null), null),
                                                                             "=    =    =    =    =    =    =    409  409"),
            new Row("TakeOwnership", new Command.TakeOwnership(),            "=    =    =    =    =    =    =    409  409"),
            new Row("SetCredentials", new SetCredentials(CredentialTarget.SERVER, new Credentials(
                    Credentials.Scheme.BEARER, null, Secret.sealed("cjs1.t"))), "=    =    =    =    =    =    =    409  409"),
            new Row("RemoveCredentials, none set", new RemoveCredentials(CredentialTarget.SERVER),
                                                                             "U    U    U    U    U    U    U    409  409"),
            new Row("StartTransfer", new Command.StartTransfer(),            "C    409  409  409  409  409  409  409  409"),
            new Row("Progress", new Command.ReportProgress(1, 50, 10, false, "node-1", 0, 0, null),
                                                                             "409  T    =    409  409  409  409  409  409"),
            new Row("Progress, last file done", new Command.ReportProgress(1, 50, 50, true, "node-1", 0, 0, null),
                                                                             "409  TD   TD   409  409  409  409  409  409"),
            new Row("TransferError, transient", new Command.FailTransfer(TransferError.http(503, "busy", 1), true),
                                                                             "409  TE   TE   409  409  =    409  409  409"),
            new Row("TransferError, fatal", new Command.FailTransfer(TransferError.http(404, "gone", 1), false),
                                                                             "409  E    E    409  409  E    409  409  409"),
            new Row("Retry", new Command.RetryTransfer(),                    "409  409  409  409  409  Q    409  409  409"),
            new Row("SetRemoteName", new SetRemoteName(1, "https://mirror.example.com/b.bin"),
                                                                             "=    =    =    =    =    =    =    409  409"),
            new Row("ReplaceRemotePrefix", new ReplaceRemotePrefix("https://example.com/", "https://mirror.example.com/"),
                                                                             "=    =    =    =    =    =    =    409  409"));

    /**
     * SPEC §2's moves between states, as data: Resume (to Q), Suspend, Cancel and Complete from
     * every state that is not final, and the engine's QUEUED → CONNECTING → TRANSFERRING →
     * TRANSFERRED, network fault → TRANSIENT_ERROR → QUEUED, fatal answer or no progress → ERROR.
     * CONNECTING → TRANSFERRED is one report for a file that finished before the first progress.
     */
    static final Map<String, String> MOVES = Map.of(
            "Q", "C S CAN ACK",
            "C", "T TD TE E S CAN ACK",
            "T", "TD TE E S CAN ACK",
            "S", "Q CAN ACK",
            "E", "Q S CAN ACK",
            "TE", "Q E S CAN ACK",
            "TD", "Q S CAN ACK",
            "ACK", "",
            "CAN", "");

    /** The commands only the service itself may send (SPEC §4); the table sends them as it. */
    static final Set<Class<?>> ENGINE_REPORTS = Set.of(Command.StartTransfer.class, Command.ReportProgress.class,
            Command.FailTransfer.class, Command.RetryTransfer.class);

    /** One operation of the table and what it does in each state. */
    record Row(String name, Command.JobCommand command, String cells) {
        List<String> expected() {
            return List.of(cells.trim().split("\\s+"));
        }
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Row row : TABLE) {
            assertThat(row.expected()).as(row.name()).hasSize(STATES.size());
            for (int i = 0; i < STATES.size(); i++) {
                cases.add(Arguments.of(row.name(), STATES.get(i), row.command(), row.expected().get(i)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} in {1} gives {3}")
    @MethodSource("matrix")
    void every_operation_in_every_state_follows_the_table(String name, JobState state, Command.JobCommand op,
                                                           String expected) {
        Job job = jobIn(state);
        Actor actor = ENGINE_REPORTS.contains(op.getClass()) ? Actor.SYSTEM
                : op instanceof Command.TakeOwnership ? ADMIN : OWNER;

        Decision decision = JobStateMachine.decide(ID, Optional.of(job), op, actor, T1);

        switch (expected) {
            case "U" -> assertThat(decision).isEqualTo(new Decision.Unchanged(job));
            case "=" -> assertApplied(decision, job, state);
            case "409" -> {
                assertThat(decision).isInstanceOf(Decision.Rejected.class);
                assertThat(((Decision.Rejected) decision).rejection().code()).isEqualTo(ErrorCode.BG_E_INVALID_STATE);
            }
            default -> assertApplied(decision, job, state(expected));
        }
    }

    @Test
    void the_state_table_allows_exactly_the_moves_of_SPEC_section_2() {
        for (JobState from : STATES) {
            Set<JobState> allowed = Arrays.stream(MOVES.get(shortName(from)).split(" "))
                    .filter(x -> !x.isEmpty()).map(JobStateMachineTest::state).collect(Collectors.toSet());
            for (JobState to : STATES) {
                assertThat(from.isValidTransition(to)).as(from + " to " + to).isEqualTo(allowed.contains(to));
            }
            assertThat(from.successors()).isEqualTo(allowed);
        }
    }

    @Test
    void the_operations_of_the_table_make_every_move_of_SPEC_section_2() {
        Set<String> made = new HashSet<>();
        for (Row row : TABLE) {
            for (int i = 0; i < STATES.size(); i++) {
                String cell = row.expected().get(i);
                if (SHORT.contains(cell) && !cell.equals(SHORT.get(i))) {
                    made.add(SHORT.get(i) + " " + cell);
                }
            }
        }
        Set<String> moves = new HashSet<>();
        MOVES.forEach((from, tos) -> Arrays.stream(tos.split(" ")).filter(x -> !x.isEmpty())
                .forEach(to -> moves.add(from + " " + to)));
        assertThat(made).isEqualTo(moves);
    }

    static JobState state(String shortName) {
        assertThat(SHORT).contains(shortName);
        return STATES.get(SHORT.indexOf(shortName));
    }

    static String shortName(JobState state) {
        return SHORT.get(STATES.indexOf(state));
    }

    private static void assertApplied(Decision decision, Job before, JobState state) {
        assertThat(decision).isInstanceOf(Decision.Applied.class);
        Job after = ((Decision.Applied) decision).job();
        assertThat(after.state()).isEqualTo(state);
        assertThat(after.version()).isEqualTo(before.version() + 1);
        assertThat(after.times().modified()).isEqualTo(T1);
        assertThat(after.times().created()).isEqualTo(before.times().created());
    }

    @Test
    void create_makes_a_suspended_job_owned_by_the_caller_with_defaults() {
        Decision d = JobStateMachine.decide(ID, Optional.empty(),
                new Command.CreateJob(new JobSpec("nightly", null, null, null, null, 2, null, null)), OWNER, T0);

        Job job = ((Decision.Applied) d).job();
        assertThat(job.state()).isEqualTo(JobState.SUSPENDED);
        assertThat(job.owner()).isEqualTo("alice");
        assertThat(job.type()).isEqualTo(JobType.DOWNLOAD);
        assertThat(job.priority()).isEqualTo(Priority.NORMAL);
        assertThat(job.minimumRetryDelaySeconds()).as("0..4 are raised to 5").isEqualTo(5);
        assertThat(job.noProgressTimeoutSeconds()).isEqualTo(1_209_600);
        assertThat(job.version()).isEqualTo(1);
        assertThat(job.times().transferCompleted()).isNull();
        assertThat(job.progress()).isEqualTo(new Progress(0, 0, 0, 0, 0, 0));
    }

    @Test
    void create_of_an_upload_job_is_E_NOTIMPL() {
        Decision d = JobStateMachine.decide(ID, Optional.empty(),
                new Command.CreateJob(new JobSpec("up", null, JobType.UPLOAD, null, null, null, null, null)), OWNER, T0);
        assertThat(code(d)).isEqualTo(ErrorCode.E_NOTIMPL);
    }

    @Test
    void any_command_on_a_missing_job_is_DO_E_NOT_FOUND() {
        assertThat(code(JobStateMachine.decide(ID, Optional.empty(), new Command.Resume(), OWNER, T1)))
                .isEqualTo(ErrorCode.DO_E_NOT_FOUND);
    }

    @Test
    void a_stranger_is_denied_and_an_administrator_is_let_in() {
        Job job = jobIn(JobState.SUSPENDED);
        assertThat(code(JobStateMachine.decide(ID, Optional.of(job), new Command.Cancel(),
                new Actor("mallory", false), T1))).isEqualTo(ErrorCode.E_ACCESSDENIED);
        assertThat(JobStateMachine.decide(ID, Optional.of(job), new Command.Cancel(), ADMIN, T1))
                .isInstanceOf(Decision.Applied.class);
    }

    @Test
    void take_ownership_by_the_owner_who_is_no_administrator_is_E_ACCESSDENIED() {
        assertThat(code(JobStateMachine.decide(ID, Optional.of(jobIn(JobState.SUSPENDED)),
                new Command.TakeOwnership(), OWNER, T1))).isEqualTo(ErrorCode.E_ACCESSDENIED);
    }

    @Test
    void take_ownership_moves_the_job_to_the_administrator_and_records_the_actor() {
        Decision.Applied d = (Decision.Applied) JobStateMachine.decide(ID, Optional.of(jobIn(JobState.SUSPENDED)),
                new Command.TakeOwnership(), ADMIN, T1);
        assertThat(d.job().owner()).isEqualTo("root");
        assertThat(d.events()).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("root");
            assertThat(e.operation()).isEqualTo("TakeOwnership");
        });
    }

    @Test
    void clients_may_not_send_engine_reports() {
        assertThat(code(JobStateMachine.decide(ID, Optional.of(jobIn(JobState.QUEUED)),
                new Command.StartTransfer(), ADMIN, T1))).isEqualTo(ErrorCode.E_ACCESSDENIED);
    }

    @Test
    void resume_on_a_job_without_files_is_BG_E_EMPTY() {
        Job empty = jobIn(JobState.SUSPENDED).change(T0).files(List.of()).build();
        assertThat(code(JobStateMachine.decide(ID, Optional.of(empty), new Command.Resume(), OWNER, T1)))
                .isEqualTo(ErrorCode.BG_E_EMPTY);
    }

    @Test
    void resume_of_a_fully_transferred_job_changes_nothing() {
        Job allDone = transferAll(jobIn(JobState.TRANSFERRED));
        assertThat(JobStateMachine.decide(ID, Optional.of(allDone), new Command.Resume(), OWNER, T1))
                .isEqualTo(new Decision.Unchanged(allDone));
    }

    @Test
    void complete_with_unfinished_files_answers_BG_S_PARTIAL_COMPLETE_and_without_them_plain_success() {
        Decision.Applied partial = (Decision.Applied) JobStateMachine.decide(ID, Optional.of(jobIn(JobState.TRANSFERRED)),
                new Command.Complete(), OWNER, T1);
        assertThat(partial.result()).isEqualTo(ErrorCode.BG_S_PARTIAL_COMPLETE);

        Job allDone = transferAll(jobIn(JobState.TRANSFERRING));
        Decision.Applied whole = (Decision.Applied) JobStateMachine.decide(ID, Optional.of(allDone),
                new Command.Complete(), OWNER, T1);
        assertThat(whole.result()).isNull();
    }

    @Test
    void the_last_file_finishing_makes_the_job_transferred_with_file_and_job_notifications() {
        Decision.Applied d = (Decision.Applied) JobStateMachine.decide(ID, Optional.of(jobIn(JobState.TRANSFERRING)),
                new Command.ReportProgress(1, 50, 50, true, "node-1", 0, 0, null), Actor.SYSTEM, T1);
        assertThat(d.job().state()).isEqualTo(JobState.TRANSFERRED);
        assertThat(d.job().times().transferCompleted()).isEqualTo(T1);
        assertThat(d.job().progress()).isEqualTo(new Progress(150, 150, 2, 2, 0, 0));
        assertThat(d.events()).extracting(JobEvent::type).containsExactly(JobEvent.Type.FILE_TRANSFERRED,
                JobEvent.Type.JOB_TRANSFERRED, JobEvent.Type.JOB_MODIFICATION);
        assertThat(d.events().get(0).fileIndex()).isEqualTo(1);
    }

    @Test
    void a_report_records_where_the_bytes_came_from_as_figures_so_far_and_the_digest_of_a_finished_file() {
        Command.ReportProgress halfway = new Command.ReportProgress(1, 50, 30, false, "n1", 20, 10, null);
        Job once = ((Decision.Applied) JobStateMachine.decide(ID, Optional.of(jobIn(JobState.TRANSFERRING)), halfway,
                Actor.SYSTEM, T1)).job();
        Job twice = ((Decision.Applied) JobStateMachine.decide(ID, Optional.of(once), halfway, Actor.SYSTEM, T1)).job();
        assertThat(twice.files().get(1)).as("a report sent again records the same, it adds nothing")
                .isEqualTo(once.files().get(1))
                .extracting(JobFile::bytesFromOrigin, JobFile::bytesFromPeers, JobFile::digest)
                .containsExactly(20L, 10L, null);

        String digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        Job done = ((Decision.Applied) JobStateMachine.decide(ID, Optional.of(twice),
                new Command.ReportProgress(1, 50, 50, true, "n1", 35, 15, digest), Actor.SYSTEM, T1)).job();
        assertThat(done.files().get(1).sha256()).as("the job gave none: the digest is recorded all the same").isNull();
        assertThat(done.files().get(1).digest()).isEqualTo(digest);
        assertThat(done.progress()).isEqualTo(new Progress(150, 150, 2, 2, 35, 15));
    }

    @ParameterizedTest
    @MethodSource("badReports")
    void a_report_with_a_negative_count_or_a_digest_that_is_not_a_finished_file_s_sha256_is_E_INVALIDARG(
            Command.ReportProgress report) {
        assertThat(code(JobStateMachine.decide(ID, Optional.of(jobIn(JobState.TRANSFERRING)), report, Actor.SYSTEM, T1)))
                .isEqualTo(ErrorCode.E_INVALIDARG);
    }

    static Stream<Command.ReportProgress> badReports() {
        String digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        return Stream.of(new Command.ReportProgress(1, 50, 10, false, "n1", -1, 0, null),
                new Command.ReportProgress(1, 50, 10, false, "n1", 0, -1, null),
                new Command.ReportProgress(1, 50, 10, false, "n1", 10, 0, digest),
                new Command.ReportProgress(1, 50, 50, true, "n1", 50, 0, digest.toUpperCase(Locale.ROOT)),
                new Command.ReportProgress(1, 50, 50, true, "n1", 50, 0, digest.substring(1)));
    }

    @Test
    void a_fatal_error_stops_in_ERROR_counts_it_and_notifies_JobError() {
        TransferError notFound = TransferError.http(404, "gone", 1);
        Decision.Applied d = (Decision.Applied) JobStateMachine.decide(ID, Optional.of(jobIn(JobState.TRANSFERRING)),
                new Command.FailTransfer(notFound, false), Actor.SYSTEM, T1);
        assertThat(d.job().state()).isEqualTo(JobState.ERROR);
        assertThat(d.job().error().hresult()).isEqualTo("0x80190194");
        assertThat(d.job().errorCount()).isEqualTo(1);
        assertThat(d.events()).extracting(JobEvent::type).contains(JobEvent.Type.JOB_ERROR);
    }

    @Test
    void with_a_no_progress_timeout_of_zero_a_transient_error_goes_straight_to_ERROR() {
        Job job = jobIn(JobState.TRANSFERRING).change(T0).noProgressTimeoutSeconds(0).build();
        Decision.Applied d = (Decision.Applied) JobStateMachine.decide(ID, Optional.of(job),
                new Command.FailTransfer(TransferError.http(503, "busy", 0), true), Actor.SYSTEM, T1);
        assertThat(d.job().state()).isEqualTo(JobState.ERROR);
    }

    @Test
    void transient_errors_without_progress_for_the_no_progress_timeout_end_in_ERROR_DO_E_DOWNLOAD_NO_PROGRESS() {
        Job job = jobIn(JobState.TRANSFERRING).change(T0).noProgressTimeoutSeconds(100).build();
        Command busy = new Command.FailTransfer(TransferError.http(503, "busy", 1), true);

        Job first = ((Decision.Applied) JobStateMachine.decide(ID, Optional.of(job), busy, Actor.SYSTEM, T0)).job();
        assertThat(first.state()).isEqualTo(JobState.TRANSIENT_ERROR);
        assertThat(first.error().at()).isEqualTo(T0);
        assertThat(first.error().since()).isEqualTo(T0);

        Job second = ((Decision.Applied) JobStateMachine.decide(ID, Optional.of(first), busy, Actor.SYSTEM,
                T0.plusSeconds(60))).job();
        assertThat(second.state()).isEqualTo(JobState.TRANSIENT_ERROR);
        assertThat(second.error().since()).as("the run of errors keeps its start").isEqualTo(T0);

        Job third = ((Decision.Applied) JobStateMachine.decide(ID, Optional.of(second), busy, Actor.SYSTEM,
                T0.plusSeconds(100))).job();
        assertThat(third.state()).isEqualTo(JobState.ERROR);
        assertThat(third.error().code()).isEqualTo("DO_E_DOWNLOAD_NO_PROGRESS");
        assertThat(third.error().hresult()).isEqualTo("0x80D02002");
        assertThat(third.error().description()).contains("BG_E_HTTP_ERROR_503");
        assertThat(third.errorCount()).isEqualTo(3);
    }

    /**
     * errorCount is every attempt that failed (SPEC §1, BITS GetErrorCount), also those the job
     * step did not write one by one: the snapshot it writes next counts them on top of its own,
     * whatever command made it, at that snapshot's version.
     */
    @Test
    void errors_not_written_one_by_one_are_counted_on_top_of_the_next_snapshot_at_its_version() {
        Job waiting = ((Decision.Applied) JobStateMachine.decide(ID, Optional.of(jobIn(JobState.TRANSFERRING)),
                new Command.FailTransfer(TransferError.http(503, "busy", 1), true), Actor.SYSTEM, T0)).job();
        Job failedAgain = ((Decision.Applied) JobStateMachine.decide(ID, Optional.of(waiting),
                new Command.FailTransfer(TransferError.http(503, "busy", 1), true), Actor.SYSTEM, T1)).job();
        Job counted = failedAgain.withErrorsCounted(3);
        assertThat(counted.errorCount()).as("1 + 3 held back + this one").isEqualTo(5);
        assertThat(counted.version()).isEqualTo(failedAgain.version());
        assertThat(counted.etag()).isNotEqualTo(failedAgain.etag());
        assertThat(counted).usingRecursiveComparison().ignoringFields("errorCount").isEqualTo(failedAgain);

        Job suspended = ((Decision.Applied) JobStateMachine.decide(ID, Optional.of(waiting), new Command.Suspend(),
                OWNER, T1)).job().withErrorsCounted(2);
        assertThat(suspended.errorCount()).as("counted by any write, not only a failure's").isEqualTo(3);
        assertThat(waiting.withErrorsCounted(0)).isSameAs(waiting);
    }

    @Test
    void progress_ends_a_run_of_errors_and_resume_starts_a_new_one() {
        Job waiting = ((Decision.Applied) JobStateMachine.decide(ID, Optional.of(jobIn(JobState.TRANSFERRING)),
                new Command.FailTransfer(TransferError.http(503, "busy", 1), true), Actor.SYSTEM, T0)).job();
        Job retried = ((Decision.Applied) JobStateMachine.decide(ID, Optional.of(waiting), new Command.RetryTransfer(),
                Actor.SYSTEM, T1)).job();
        assertThat(retried.error()).as("a retry alone is no progress").isEqualTo(waiting.error());
        Job started = ((Decision.Applied) JobStateMachine.decide(ID, Optional.of(retried), new Command.StartTransfer(),
                Actor.SYSTEM, T1)).job();
        Job moving = ((Decision.Applied) JobStateMachine.decide(ID, Optional.of(started),
                new Command.ReportProgress(1, 50, 10, false, "n1", 0, 0, null), Actor.SYSTEM, T1)).job();
        assertThat(moving.error()).isNull();
        assertThat(moving.errorCount()).isEqualTo(1);

        Job failed = ((Decision.Applied) JobStateMachine.decide(ID, Optional.of(moving),
                new Command.FailTransfer(TransferError.http(404, "gone", 1), false), Actor.SYSTEM, T1)).job();
        Job resumed = ((Decision.Applied) JobStateMachine.decide(ID, Optional.of(failed), new Command.Resume(),
                OWNER, T1)).job();
        assertThat(resumed.error()).isNull();
    }

    @Test
    void set_properties_with_a_stale_etag_is_CJ_E_PRECONDITION_and_with_the_current_one_applies() {
        Job job = jobIn(JobState.SUSPENDED);
        Command stale = new Command.SetProperties(new PropertyChanges("x", null, null, null, null, null), "\"1-000000000000\"");
        assertThat(code(JobStateMachine.decide(ID, Optional.of(job), stale, OWNER, T1)))
                .isEqualTo(ErrorCode.CJ_E_PRECONDITION);
        Command current = new Command.SetProperties(new PropertyChanges("x", null, null, null, null, null), job.etag());
        assertThat(JobStateMachine.decide(ID, Optional.of(job), current, OWNER, T1)).isInstanceOf(Decision.Applied.class);
    }

    @Test
    void if_match_takes_a_star_or_a_list_of_etags_and_a_final_job_is_409_before_412() {
        Job job = jobIn(JobState.SUSPENDED);
        PropertyChanges rename = new PropertyChanges("x", null, null, null, null, null);
        assertThat(JobStateMachine.decide(ID, Optional.of(job), new Command.SetProperties(rename, "*"), OWNER, T1))
                .isInstanceOf(Decision.Applied.class);
        assertThat(JobStateMachine.decide(ID, Optional.of(job),
                new Command.SetProperties(rename, "\"9-abc\", " + job.etag()), OWNER, T1)).isInstanceOf(Decision.Applied.class);
        assertThat(code(JobStateMachine.decide(ID, Optional.of(jobIn(JobState.CANCELLED)),
                new Command.SetProperties(rename, "\"9-abc\""), OWNER, T1))).isEqualTo(ErrorCode.BG_E_INVALID_STATE);
    }

    @Test
    void with_a_no_progress_timeout_of_zero_the_job_keeps_the_real_error() {
        Job job = jobIn(JobState.TRANSFERRING).change(T0).noProgressTimeoutSeconds(0).build();
        Decision.Applied d = (Decision.Applied) JobStateMachine.decide(ID, Optional.of(job),
                new Command.FailTransfer(TransferError.http(503, "busy", 0), true), Actor.SYSTEM, T1);
        assertThat(d.job().state()).isEqualTo(JobState.ERROR);
        assertThat(d.job().error().code()).isEqualTo("BG_E_HTTP_ERROR_503");
    }

    @Test
    void set_properties_that_change_nothing_keep_the_version() {
        Job job = jobIn(JobState.SUSPENDED);
        Command same = new Command.SetProperties(new PropertyChanges(job.displayName(), null, job.priority(), null, null, null), null);
        assertThat(JobStateMachine.decide(ID, Optional.of(job), same, OWNER, T1)).isEqualTo(new Decision.Unchanged(job));
    }

    @Test
    void adding_files_beyond_two_hundred_is_BG_E_TOO_MANY_FILES_IN_JOB() {
        List<FileSpec> many = new ArrayList<>();
        for (int i = 0; i < 199; i++) {
            many.add(new FileSpec("https://example.com/" + i, "f" + i, null));
        }
        assertThat(code(JobStateMachine.decide(ID, Optional.of(jobIn(JobState.SUSPENDED)),
                new Command.AddFiles(many), OWNER, T1))).isEqualTo(ErrorCode.BG_E_TOO_MANY_FILES_IN_JOB);
        assertThat(JobStateMachine.decide(ID, Optional.of(jobIn(JobState.SUSPENDED)),
                new Command.AddFiles(many.subList(0, 198)), OWNER, T1)).isInstanceOf(Decision.Applied.class);
    }

    @Test
    void the_etag_changes_with_the_content_even_at_the_same_version() {
        Job a = jobIn(JobState.SUSPENDED);
        Job b = new Job(a.id(), a.owner(), "other", a.description(), a.type(), a.priority(), a.state(), a.files(),
                a.times(), a.error(), a.errorCount(), a.minimumRetryDelaySeconds(), a.noProgressTimeoutSeconds(), TransferOptions.NONE,
                0, a.version());
        assertThat(a.etag()).startsWith("\"" + a.version() + "-").isNotEqualTo(b.etag());
        assertThat(a.etag()).isEqualTo(jobIn(JobState.SUSPENDED).etag());
    }

    private static Job transferAll(Job job) {
        return job.change(T0).state(JobState.TRANSFERRED).transferCompleted(T0)
                .files(job.files().stream().map(new Command.ReportProgress(0, 50, 50, true, "n1", 50, 0, null)::appliedTo)
                        .toList()).build();
    }

    /** A job of alice's in {@code state}, with one finished file and one unfinished. */
    static Job jobIn(JobState state) {
        List<JobFile> files = List.of(
                new JobFile("https://example.com/a.bin", "a.bin", null, 100, 100, true, "node-1", 0, 0, null),
                new JobFile("https://example.com/b.bin", "b.bin", null, 50, 0, false, null, 0, 0, null));
        return new Job(ID, "alice", "nightly", null, JobType.DOWNLOAD, Priority.NORMAL, state, files,
                new Times(T0, T0, null), null, 0, 600, 1_209_600, TransferOptions.NONE, 0, 3);
    }

    static ErrorCode code(Decision d) {
        assertThat(d).isInstanceOf(Decision.Rejected.class);
        return ((Decision.Rejected) d).rejection().code();
    }
}
