package io.copyjobs.transfer;

import io.copyjobs.job.Actor;
import io.copyjobs.job.Command;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.ErrorContext;
import io.copyjobs.job.FileSpec;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobSpec;
import io.copyjobs.job.JobState;
import io.copyjobs.job.PropertyChanges;
import io.copyjobs.job.TransferOptions;
import io.copyjobs.metrics.TransferMeters;
import io.copyjobs.testing.TrickleServer;
import io.copyjobs.wire.CommandRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The engine against the real job step (on a TopologyTestDriver) and real origins, on the system
 * clock: a job's maximum download time stops a slow transfer with BG_E_MAXDOWNLOAD_TIMEOUT when it
 * is spent and not before, time SUSPENDED does not count, and a throttled job shows its rate.
 */
class DownloadTimeTest {
    static final Actor ALICE = new Actor("alice", false);
    /** How much later than its limit a job may stop: the timer, one command and its write. */
    static final Duration MARGIN = Duration.ofMillis(1500);

    @RegisterExtension
    final FileServer files = FileServer.on("127.0.0.1");
    final TrickleServer slow = new TrickleServer(1_000_000, Duration.ofMillis(5));
    @TempDir
    Path dir;
    final Clock clock = Clock.systemUTC();
    final DriverBus bus = new DriverBus(clock);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TransferEngine engine;

    @BeforeEach
    void start() {
        engine = new TransferEngine(bus, Downloads.downloader(Downloads.settings()), dir.resolve("files"), "n1", 2,
                clock, new TransferMeters(registry));
        bus.start(dir.resolve("data"), engine);
    }

    @AfterEach
    void stop() {
        engine.close();
        bus.close();
        slow.close();
    }

    @Test
    void a_slow_transfer_stops_in_ERROR_once_its_maximum_download_time_is_spent() {
        JobId id = create(slow.url("/slow.bin"), new TransferOptions(null, null, null, null, null, null, 2));
        bus.send(ALICE, id, new Command.Resume());
        await().atMost(Duration.ofSeconds(60)).until(() -> job(id).state() == JobState.ERROR);
        Job failed = job(id);
        assertThat(failed.error().code()).isEqualTo(ErrorCode.BG_E_MAXDOWNLOAD_TIMEOUT.name());
        assertThat(failed.error().context()).isEqualTo(ErrorContext.GENERAL_TRANSPORT);
        assertThat(failed.error().description()).contains("maximumDownloadTimeSeconds (2 s)");
        assertThat(slow.sent()).as("it was transferring").isPositive();
        assertThat(failed.times().transferTime()).isGreaterThanOrEqualTo(Duration.ofSeconds(2))
                .isLessThan(Duration.ofSeconds(2).plus(MARGIN));
        assertThat(registry.get("copyjobs.transfer.errors").tag("code", "BG_E_MAXDOWNLOAD_TIMEOUT").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("copyjobs.transfer.queued").timer().count()).as("its wait for a first answer").isEqualTo(1);

        // BITS: Resume starts the time anew; the job runs out of it again.
        bus.send(ALICE, id, new Command.Resume());
        assertThat(job(id).times().transferTime()).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> job(id).errorCount() == 2);
        assertThat(job(id).state()).isEqualTo(JobState.ERROR);
    }

    @Test
    void time_suspended_does_not_count_and_a_raised_limit_moves_the_deadline() {
        JobId id = create(slow.url("/slow.bin"), new TransferOptions(null, null, null, null, null, null, 3));
        bus.send(ALICE, id, new Command.Resume());
        await().atMost(Duration.ofSeconds(60)).until(() -> job(id).state() == JobState.TRANSFERRING);
        bus.send(ALICE, id, new Command.Suspend());
        Instant suspended = clock.instant();
        Duration used = job(id).times().transferTime();
        assertThat(used).isLessThan(Duration.ofSeconds(3));
        await().atMost(Duration.ofSeconds(60)).until(() -> clock.instant().isAfter(suspended.plusSeconds(4)));
        rename(id);
        assertThat(job(id).state()).isEqualTo(JobState.SUSPENDED);
        assertThat(job(id).times().transferTime()).as("4 s SUSPENDED count nothing").isEqualTo(used);

        // A limit raised while the job transfers moves the timer: it does not fire at the old deadline.
        bus.send(ALICE, id, new Command.Resume());
        await().atMost(Duration.ofSeconds(60)).until(() -> job(id).state() == JobState.TRANSFERRING);
        bus.send(ALICE, id, new Command.SetProperties(new PropertyChanges(null, null, null, null, null,
                new TransferOptions(null, null, null, null, null, null, 8)), null));
        Instant raised = clock.instant();
        await().atMost(Duration.ofSeconds(60)).until(() -> job(id).state() == JobState.ERROR);
        assertThat(Duration.between(raised, clock.instant())).as("stopped at the new limit, not the old")
                .isGreaterThan(Duration.ofSeconds(4));
        assertThat(job(id).times().transferTime()).isGreaterThanOrEqualTo(Duration.ofSeconds(8))
                .isLessThan(Duration.ofSeconds(8).plus(MARGIN));
        assertThat(job(id).error().description()).as("the limit in force, not the one the transfer began with")
                .contains("maximumDownloadTimeSeconds (8 s)");
    }

    @Test
    void a_throttled_job_shows_its_rate_while_it_transfers_and_none_once_done() {
        byte[] content = new byte[3 << 20];
        new Random(7).nextBytes(content);
        files.serve(content, "\"v1\"");
        long limit = 256 * 1024;
        JobId id = create(files.url("/file/a.bin"), new TransferOptions(null, null, null, null, null, limit, null));
        bus.send(ALICE, id, new Command.Resume());
        await().atMost(Duration.ofSeconds(60)).until(() -> job(id).progress().bytesTransferred() > (1 << 20));
        Job transferring = job(id);
        assertThat(transferring.state()).isEqualTo(JobState.TRANSFERRING);
        assertThat((double) transferring.bytesPerSecond()).as("within 30 %% of %d B/s", limit)
                .isBetween(limit * 0.7, limit * 1.3);
        await().atMost(Duration.ofSeconds(60)).until(() -> job(id).state() == JobState.TRANSFERRED);
        assertThat(job(id).bytesPerSecond()).isZero();
    }

    private void rename(JobId id) {
        bus.send(ALICE, id, new Command.SetProperties(new PropertyChanges("renamed", null, null, null, null, null), null));
    }

    private Job job(JobId id) {
        return bus.document(id).job();
    }

    private JobId create(Object url, TransferOptions options) {
        CommandRecord create = CommandRecord.of(UUID.randomUUID().toString(), null, ALICE, null, clock.instant(),
                new Command.CreateJob(new JobSpec("budget", null, null, null,
                        List.of(new FileSpec(url.toString(), "a.bin", null)), null, null, options)));
        return bus.create(create).join().jobId();
    }
}
