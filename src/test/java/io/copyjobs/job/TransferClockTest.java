package io.copyjobs.job;

import io.copyjobs.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job's transfer time and rate as the state machine keeps them, each command at a time the test
 * chooses (the job step's clock): only CONNECTING and TRANSFERRING count, Resume starts anew (BITS
 * SetMaximumDownloadTime), and the figures travel in the snapshot.
 */
class TransferClockTest {
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final JobId ID = JobId.parse("0f4f2a3e-8c1d-4b6e-9a7f-112233445566").orElseThrow();
    private static final Actor OWNER = new Actor("alice", false);

    @Test
    void only_connecting_and_transferring_count() {
        Job job = create(0);
        job = at(job, new Command.Resume(), 10);
        job = at(job, new Command.StartTransfer(), 15);
        assertThat(job.times().transferTime()).as("QUEUED does not count").isZero();
        job = at(job, progress(1_000), 17);
        assertThat(job.times().transferTime()).isEqualTo(Duration.ofSeconds(2));
        job = at(job, progress(2_000), 20);
        job = at(job, new Command.FailTransfer(TransferError.of(ErrorCode.BG_E_NETWORK_DISCONNECTED,
                ErrorContext.GENERAL_TRANSPORT, "gone", 0), true), 21);
        assertThat(job.state()).isEqualTo(JobState.TRANSIENT_ERROR);
        assertThat(job.times().transferTime()).isEqualTo(Duration.ofSeconds(6));
        job = at(job, new Command.RetryTransfer(), 40);
        job = at(job, new Command.StartTransfer(), 41);
        assertThat(job.times().transferTime()).as("TRANSIENT_ERROR and QUEUED do not count").isEqualTo(Duration.ofSeconds(6));
        assertThat(job.transferTime(T0.plusSeconds(44))).as("the time since the last write counts while CONNECTING")
                .isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void suspend_stops_the_clock_and_resume_starts_it_anew() {
        Job job = transferring(0, 0);
        job = at(job, progress(1_000), 3);
        job = at(job, new Command.Suspend(), 4);
        assertThat(job.times().transferTime()).isEqualTo(Duration.ofSeconds(4));
        job = at(job, new Command.SetProperties(new PropertyChanges("renamed", null, null, null, null, null), null), 500);
        assertThat(job.times().transferTime()).as("SUSPENDED does not count").isEqualTo(Duration.ofSeconds(4));
        assertThat(job.transferTime(T0.plusSeconds(900))).isEqualTo(Duration.ofSeconds(4));
        job = at(job, new Command.Resume(), 901);
        assertThat(job.times().transferTime()).as("BITS: Resume resets the elapsed time").isZero();
    }

    @Test
    void the_deadline_is_where_the_limit_is_reached_and_does_not_move_with_progress() {
        Job job = transferring(0, 10);
        Instant deadline = T0.plusSeconds(10);
        assertThat(TransferClock.deadline(job)).contains(deadline);
        job = at(job, progress(500), 4);
        assertThat(TransferClock.deadline(job)).contains(deadline);
        assertThat(TransferClock.exceeded(job, T0.plusSeconds(9))).isFalse();
        assertThat(TransferClock.exceeded(job, deadline)).isTrue();
        assertThat(TransferClock.deadline(transferring(0, 0))).as("0: no limit").isEmpty();
        Job suspended = at(job, new Command.Suspend(), 6);
        assertThat(TransferClock.deadline(suspended)).as("no deadline outside the transfer states").isEmpty();
    }

    @Test
    void the_rate_is_the_bytes_gained_over_the_time_between_writes_and_zero_once_not_transferring() {
        Job job = transferring(0, 0);
        job = at(job, progress(0), 1);
        job = at(job, progress(262_144), 3);
        assertThat(job.bytesPerSecond()).isEqualTo(131_072);
        job = at(job, new Command.SetProperties(new PropertyChanges("renamed", null, null, null, null, null), null), 4);
        assertThat(job.bytesPerSecond()).as("a write without progress keeps the rate").isEqualTo(131_072);
        job = at(job, progress(1_000), 5);
        assertThat(job.bytesPerSecond()).as("a file begun again is no negative rate").isZero();
        job = at(job, progress(2_000), 6);
        assertThat(job.bytesPerSecond()).isEqualTo(1_000);
        assertThat(at(job, new Command.Suspend(), 7).bytesPerSecond()).isZero();
        assertThat(at(job, new Command.ReportProgress(0, 1_000_000, 1_000_000, true, "n1", 1_000_000, 0, null), 7)
                .bytesPerSecond()).as("TRANSFERRED").isZero();
    }

    @Test
    void time_and_rate_are_kept_in_the_snapshot_and_old_snapshots_read_as_zero() throws Exception {
        Job job = at(at(transferring(0, 0), progress(0), 1), progress(4_096), 3);
        Job read = Json.wire().readValue(Json.wire().writeValueAsBytes(job), Job.class);
        assertThat(read).isEqualTo(job);
        assertThat(read.times().transferTime()).isEqualTo(Duration.ofSeconds(3));
        assertThat(read.bytesPerSecond()).isEqualTo(2_048);
        String old = new String(Json.wire().writeValueAsBytes(job)).replace(",\"transferTime\":\"PT3S\"", "")
                .replace("\"bytesPerSecond\":2048,", "");
        Job older = Json.wire().readValue(old, Job.class);
        assertThat(older.times().transferTime()).isZero();
        assertThat(older.bytesPerSecond()).isZero();
    }

    /** A job of one file with maximumDownloadTimeSeconds {@code limit}, CONNECTING since {@code seconds}. */
    private static Job transferring(long seconds, int limit) {
        Job job = at(create(limit), new Command.Resume(), seconds);
        return at(job, new Command.StartTransfer(), seconds);
    }

    private static Job create(int limit) {
        TransferOptions options = new TransferOptions(null, null, null, null, null, null, limit);
        JobSpec spec = new JobSpec("budget", null, null, null,
                List.of(new FileSpec("https://example.com/a.bin", "a.bin", null)), null, null, options);
        Decision d = JobStateMachine.decide(ID, Optional.empty(), new Command.CreateJob(spec), OWNER, T0);
        return ((Decision.Applied) d).job();
    }

    private static Command.ReportProgress progress(long bytes) {
        return new Command.ReportProgress(0, 1_000_000, bytes, false, "n1", bytes, 0, null);
    }

    private static Job at(Job job, Command command, long seconds) {
        Actor actor = Operation.of(command).sender() == Operation.Sender.ENGINE ? Actor.SYSTEM : OWNER;
        Decision d = JobStateMachine.decide(job.id(), Optional.of(job), command, actor, T0.plusSeconds(seconds));
        assertThat(d).as("%s", command).isInstanceOf(Decision.Applied.class);
        return ((Decision.Applied) d).job();
    }
}
