package io.copyjobs.streams;

import io.copyjobs.job.Actor;
import io.copyjobs.job.Command;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.FileSpec;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobState;
import io.copyjobs.job.PropertyChanges;
import io.copyjobs.job.TransferError;
import io.copyjobs.testing.Spec2Table;
import io.copyjobs.wire.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC §2's operation × state matrix through the real topology: every client operation in every
 * state ({@link Spec2Table}), each job driven there by the commands clients and the engine really
 * send. JobApiIT checks the HTTP mapping of each kind of answer; all 63 cells run here.
 */
class StateMatrixTopologyTest {
    static final Actor ALICE = new Actor("alice", false);
    static final Actor ROOT = new Actor("root", true);

    /** One driver for all cells: each cell drives a job of its own, so they cannot see each other. */
    @TempDir
    static Path dir;
    static StepsDriver steps;

    @BeforeAll
    static void start() {
        steps = new StepsDriver(dir, Map.of("COPYJOBS_MAX_JOBS_PER_OWNER", "1000"));
    }

    @AfterAll
    static void stop() {
        steps.close();
    }

    static Stream<Arguments> matrix() {
        return Spec2Table.cells(state -> true);
    }

    @ParameterizedTest(name = "{0} in {1} gives {2}")
    @MethodSource("matrix")
    void every_operation_in_every_state_answers_as_SPEC_2_says(String operation, String state, String expected) {
        JobId id = jobIn(JobState.valueOf(state));
        Job before = steps.stored(id);

        Outcome o = steps.send(operation.equals("take-ownership") ? ROOT : ALICE, id, command(operation));

        Job after = steps.stored(id);
        if (expected.startsWith("BG_E_")) {
            assertThat(o.status()).isEqualTo(Outcome.Status.REJECTED);
            assertThat(o.code()).isEqualTo(ErrorCode.valueOf(expected));
            assertThat(o.detail()).contains(state);
            assertThat(after).as("a rejected command changes nothing").isEqualTo(before);
        } else if (expected.equals("U")) {
            assertThat(o.status()).isEqualTo(Outcome.Status.UNCHANGED);
            assertThat(after.version()).isEqualTo(before.version());
        } else {
            assertThat(o.status()).isEqualTo(Outcome.Status.APPLIED);
            assertThat(after.version()).isEqualTo(before.version() + 1);
            assertThat(after.state().name()).isEqualTo(expected.equals("same") ? state : expected);
            assertThat(o.job()).isEqualTo(after);
        }
    }

    static Command command(String operation) {
        return switch (operation) {
            case "files" -> new Command.AddFiles(List.of(new FileSpec("https://example.com/c.bin", "c.bin", null)));
            case "resume" -> new Command.Resume();
            case "suspend" -> new Command.Suspend();
            case "cancel" -> new Command.Cancel();
            case "complete" -> new Command.Complete();
            case "patch" -> new Command.SetProperties(new PropertyChanges("renamed", null, null, null, null, null), null);
            case "take-ownership" -> new Command.TakeOwnership();
            default -> throw new IllegalArgumentException(operation);
        };
    }

    /** A job of alice's with two files, driven into {@code state} as JobApiIT drives it over HTTP. */
    static JobId jobIn(JobState state) {
        JobId id = steps.create(ALICE, 2).jobId();
        switch (state) {
            case SUSPENDED -> { }
            case ACKNOWLEDGED -> steps.send(ALICE, id, new Command.Complete());
            case CANCELLED -> steps.send(ALICE, id, new Command.Cancel());
            default -> running(id, state);
        }
        assertThat(steps.stored(id).state()).isEqualTo(state);
        return id;
    }

    private static void running(JobId id, JobState state) {
        steps.send(ALICE, id, new Command.Resume());
        if (state == JobState.QUEUED) {
            return;
        }
        steps.send(Actor.SYSTEM, id, new Command.StartTransfer());
        switch (state) {
            case TRANSFERRING -> steps.send(Actor.SYSTEM, id, new Command.ReportProgress(0, 10, 10, true, "n1", 0, 0, null));
            case TRANSFERRED -> {
                steps.send(Actor.SYSTEM, id, new Command.ReportProgress(0, 10, 10, true, "n1", 0, 0, null));
                steps.send(Actor.SYSTEM, id, new Command.ReportProgress(1, 20, 20, true, "n1", 0, 0, null));
            }
            case TRANSIENT_ERROR -> steps.send(Actor.SYSTEM, id,
                    new Command.FailTransfer(TransferError.http(503, "busy", 0), true));
            case ERROR -> steps.send(Actor.SYSTEM, id, new Command.FailTransfer(TransferError.http(404, "gone", 0), false));
            default -> { }
        }
    }
}
