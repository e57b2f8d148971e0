package io.copyjobs.transfer;

import io.copyjobs.job.Actor;
import io.copyjobs.job.Command;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobState;
import io.copyjobs.service.CommandBus;
import io.copyjobs.wire.CommandRecord;
import io.copyjobs.wire.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A job's last file is done: its transfer thread lets go of its slot while Kafka confirms the
 * report, so the next job takes the slot at once. 27 jobs served by hard links from their node's
 * cache each held a slot for the ~0.5 s of that wait on a loaded node, four at a time (bench/run.sh cache).
 */
class ConfirmationSlotTest {
    static final Actor ALICE = new Actor("alice", false);
    @RegisterExtension
    final FileServer server = FileServer.on("127.0.0.1");
    @TempDir
    Path dir;
    final DriverBus bus = new DriverBus(Clock.systemUTC());
    final HeldConfirmations held = new HeldConfirmations(bus);
    TransferEngine engine;

    @AfterEach
    void stop() {
        held.confirmed.complete(null);
        engine.close();
        bus.close();
    }

    @Test
    void the_next_job_takes_the_only_slot_while_the_last_file_of_the_one_before_awaits_its_confirmation() {
        server.serve(Downloads.randomBytes(64 * 1024, 17), "\"v1\"");
        engine = new TransferEngine(held, Downloads.downloader(Downloads.settings()), dir.resolve("files"), "n1", 1,
                Clock.systemUTC(), Downloads.meters());
        bus.start(dir.resolve("data"), engine);
        JobId first = create("first");
        JobId second = create("second");

        bus.send(ALICE, first, new Command.Resume());
        await().atMost(Duration.ofSeconds(20)).until(() -> held.completions.get() == 1);
        bus.send(ALICE, second, new Command.Resume());

        // Without the change, the first job's thread holds the slot until its report is confirmed (here: never, 30 s at most).
        await().atMost(Duration.ofSeconds(20)).until(() -> state(second) == JobState.TRANSFERRED);
        assertThat(held.confirmed).as("the first job's report is still unconfirmed").isNotDone();
        assertThat(state(first)).isEqualTo(JobState.TRANSFERRED);
        assertThat(held.completions.get()).as("each job's file reported complete once").isEqualTo(2);
    }

    JobId create(String name) {
        return bus.createOneFile(ALICE, server.url("/file").toString(), name);
    }

    JobState state(JobId id) {
        return bus.state(id);
    }

    /** The real job step, whose answer to a file's completion arrives only once the test says so: Kafka slow to commit. */
    static final class HeldConfirmations implements CommandBus {
        final CompletableFuture<Void> confirmed = new CompletableFuture<>();
        final AtomicInteger completions = new AtomicInteger();
        private final DriverBus bus;

        HeldConfirmations(DriverBus bus) {
            this.bus = bus;
        }

        @Override
        public CompletableFuture<Outcome> create(CommandRecord command) {
            return bus.create(command);
        }

        @Override
        public CompletableFuture<Outcome> send(CommandRecord command) {
            CompletableFuture<Outcome> outcome = bus.send(command);
            if (command.command() instanceof Command.ReportProgress p && p.completed()) {
                completions.incrementAndGet();
                return outcome.thenCombine(confirmed, (o, ignored) -> o);
            }
            return outcome;
        }
    }
}
