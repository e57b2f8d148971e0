package io.copyjobs.transfer;

import io.copyjobs.job.Actor;
import io.copyjobs.job.Command;
import io.copyjobs.job.FileSpec;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobSpec;
import io.copyjobs.job.JobState;
import io.copyjobs.testing.RefusingOrigin;
import io.copyjobs.wire.CommandRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A job that becomes final while its transfer thread is between its cancel check and pinning its
 * content: the engine lets go of the job's pins after that thread ended, not before (a pin after
 * the release lasted until the node restarted).
 */
class ReleaseAfterStopTest {
    static final Actor ALICE = new Actor("alice", false);
    @TempDir
    Path dir;
    final DriverBus bus = new DriverBus(Clock.systemUTC());
    final LatePinning fetcher = new LatePinning();
    TransferEngine engine;

    @AfterEach
    void stop() {
        fetcher.go.countDown();
        engine.close();
        bus.close();
    }

    @Test
    void a_pin_made_by_a_transfer_still_running_when_its_job_is_cancelled_is_released_when_it_ends() throws Exception {
        engine = new TransferEngine(bus, fetcher, dir.resolve("files"), "n1", 2, Clock.systemUTC(),
                Downloads.meters());
        bus.start(dir.resolve("data"), engine);
        JobId id = bus.create(CommandRecord.of(UUID.randomUUID().toString(), null, ALICE, null, Clock.systemUTC().instant(),
                new Command.CreateJob(new JobSpec("late pin", null, null, null,
                        List.of(new FileSpec(RefusingOrigin.url("/a.bin"), "a.bin", null)), null, null, null)))).join().jobId();
        bus.send(ALICE, id, new Command.Resume());
        assertThat(fetcher.entered.await(60, TimeUnit.SECONDS)).as("the transfer began").isTrue();

        assertThat(bus.send(ALICE, id, new Command.Cancel()).job().state()).isEqualTo(JobState.CANCELLED);
        fetcher.go.countDown();

        await().atMost(Duration.ofSeconds(60)).until(() -> fetcher.pinnedOnce && fetcher.pins.isEmpty());
    }

    /** Pins its job when let go, whatever the cancel signal says by then, as a thread past its check does. */
    static final class LatePinning implements Fetcher {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch go = new CountDownLatch(1);
        final Set<String> pins = ConcurrentHashMap.newKeySet();
        volatile boolean pinnedOnce;

        @Override
        public DownloadResult fetch(String job, FileTask task, ProgressListener listener, BooleanSupplier cancelled) {
            entered.countDown();
            try {
                assertThat(go.await(60, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new DownloadResult.Cancelled(0);
            }
            pins.add(job);
            pinnedOnce = true;
            return new DownloadResult.Cancelled(0);
        }

        @Override
        public void release(String job) {
            pins.remove(job);
        }
    }
}
