package io.copyjobs.transfer;

import io.copyjobs.job.Actor;
import io.copyjobs.job.Command;
import io.copyjobs.job.FileSpec;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobSpec;
import io.copyjobs.job.JobState;
import io.copyjobs.json.JobDocument;
import io.copyjobs.testing.RefusingOrigin;
import io.copyjobs.wire.CommandRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The engine retrying a job whose origin fails (SPEC §2: TRANSIENT_ERROR, back to work after
 * {@code minimumRetryDelaySeconds}), against the real job step: when the retries come, what they
 * write, and that a recovered origin is taken up at the next retry. The engine's clock is the
 * test's: it moves only when the test moves it, and the job step's wall clock follows it.
 */
class RetryTest {
    static final Actor ALICE = new Actor("alice", false);
    static final int RETRY_DELAY_SECONDS = 5;
    /** The bench's goal for a 200-file job, failing or not. */
    static final long GOAL_BYTES_PER_SECOND = 50_000;

    @RegisterExtension
    final FileServer server = FileServer.on("127.0.0.1");
    @TempDir
    Path dir;
    final TestClock clock = new TestClock(Instant.parse("2026-12-02T10:00:00Z"));
    final DriverBus bus = new DriverBus(clock);
    TransferEngine engine;

    @BeforeEach
    void start() {
        engine = new TransferEngine(bus, Downloads.downloader(Downloads.settings()), dir.resolve("files"), "n1", 2,
                clock, Downloads.meters());
        bus.start(dir.resolve("data"), engine);
    }

    @AfterEach
    void stop() {
        // The engine first: closing the driver revokes the partition, which waits for its transfers.
        engine.close();
        bus.close();
    }

    /**
     * The largest job there is (200 files, 2,048-character URLs, 434 KB) whose origin refuses every
     * connection: each retry wrote it three times (Retry, StartTransfer, the error), 36 times a
     * minute, 520 KB/s for its two copies in Kafka. Written at its pace, its errorCount still counts
     * every attempt (it counted only the written ones: 3 after 13 attempts).
     */
    @Test
    void a_large_job_whose_origin_refuses_connections_is_retried_at_its_delay_but_rewritten_at_its_pace() {
        JobId id = create(200, RefusingOrigin.url("/f?"));
        bus.send(ALICE, id, new Command.Resume());
        await().atMost(Duration.ofSeconds(60)).until(() -> bus.sent("TransferError") == 1
                && state(id) == JobState.TRANSIENT_ERROR);
        Job failed = bus.document(id).job();
        assertThat(bus.written()).as("the first failure is written at once").last()
                .satisfies(j -> assertThat(j.state()).isEqualTo(JobState.TRANSIENT_ERROR));

        int retries = 12;
        List<Job> written = new ArrayList<>();
        for (int i = 1; i <= retries; i++) {
            clock.advance(Duration.ofSeconds(RETRY_DELAY_SECONDS));
            int attempts = i + 1;
            await().atMost(Duration.ofSeconds(60)).until(() -> bus.sent("TransferError") == attempts);
            List<Job> snapshots = bus.written();
            // SPEC §1, BITS GetErrorCount: every attempt that failed, the ones not written one by one too.
            assertThat(snapshots).extracting(Job::errorCount).as("what attempt %d wrote", attempts)
                    .allMatch(n -> n == attempts);
            written.addAll(snapshots);
        }
        // The clock stands still now: no attempt comes before it moves again.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(60))
                .until(() -> bus.sent("TransferError") == retries + 1);
        Duration window = Duration.ofSeconds((long) retries * RETRY_DELAY_SECONDS);
        written.addAll(bus.written());
        JobDocument now = bus.document(id);

        long bytesPerSecond = 2L * written.size() * now.json().length / window.toSeconds();
        assertThat(bytesPerSecond).as("its two copies in Kafka (%d snapshots in %s)", written.size(), window)
                .isLessThanOrEqualTo(GOAL_BYTES_PER_SECOND);
        assertThat(written).as("its error is still refreshed").isNotEmpty();
        assertThat(now.job().state()).isEqualTo(JobState.TRANSIENT_ERROR);
        assertThat(now.job().error().code()).isEqualTo("BG_E_NETWORK_DISCONNECTED");
        assertThat(now.job().error().since()).as("one run of errors without progress")
                .isEqualTo(failed.error().since());
        assertThat(now.job().error().at()).isAfter(failed.error().at());
        assertThat(written.size()).as("fewer snapshots than attempts").isLessThan(retries);
        assertThat(bus.send(ALICE, id, new Command.Suspend()).job().errorCount())
                .as("the next write, whatever it is, counts the attempts not written one by one")
                .isEqualTo(retries + 1);
    }

    /**
     * A large job is retried at its delay, not before and not later whatever its size: once its
     * origin answers again, the retry that reached it goes on transferring with that very request.
     */
    @Test
    void once_the_origin_answers_again_the_next_retry_transfers_the_job() {
        server.serve(Downloads.randomBytes(1024, 7), "\"v1\"");
        int failures = 3;
        for (int i = 0; i < failures; i++) {
            server.answerNext(503);
        }
        JobId id = create(200, server.url("/file?").toString());
        bus.send(ALICE, id, new Command.Resume());
        await().atMost(Duration.ofSeconds(60)).until(() -> bus.sent("TransferError") == 1
                && state(id) == JobState.TRANSIENT_ERROR);
        clock.advance(Duration.ofSeconds(RETRY_DELAY_SECONDS - 1));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(60))
                .until(() -> bus.sent("TransferError") == 1);
        clock.advance(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(60)).until(() -> bus.sent("TransferError") == 2);
        for (int i = 3; i <= failures; i++) {
            clock.advance(Duration.ofSeconds(RETRY_DELAY_SECONDS));
            int attempts = i;
            await().atMost(Duration.ofSeconds(60)).until(() -> bus.sent("TransferError") == attempts);
        }

        clock.advance(Duration.ofSeconds(RETRY_DELAY_SECONDS));
        await().atMost(Duration.ofSeconds(120)).until(() -> state(id) == JobState.TRANSFERRED);

        assertThat(bus.sent("TransferError")).isEqualTo(failures);
        assertThat(server.requests()).as("the %d failures, then one request per file", failures)
                .hasSize(failures + 200);
        Job done = bus.document(id).job();
        assertThat(done.error()).isNull();
        assertThat(done.errorCount()).as("every failed attempt, though the job step wrote only the first")
                .isEqualTo(failures);
    }

    /** A SUSPENDED job of {@code files} files at {@code base}N, padded to 2,048 characters, retried after 5 s. */
    JobId create(int files, String base) {
        List<FileSpec> specs = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            String url = base + i + "&";
            specs.add(new FileSpec(url + "p".repeat(2048 - url.length()), "f" + i + ".bin", null));
        }
        CommandRecord create = CommandRecord.of(UUID.randomUUID().toString(), null, ALICE, null, clock.instant(),
                new Command.CreateJob(new JobSpec("failing", null, null, null, specs, RETRY_DELAY_SECONDS, null, null)));
        return bus.create(create).join().jobId();
    }

    JobState state(JobId id) {
        return bus.document(id).job().state();
    }

    /** A clock that stands still until the test moves it. */
    static final class TestClock extends Clock {
        private final AtomicReference<Instant> now;

        TestClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void advance(Duration by) {
            now.updateAndGet(t -> t.plus(by));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
