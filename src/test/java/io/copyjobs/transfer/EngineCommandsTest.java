package io.copyjobs.transfer;

import io.copyjobs.job.Command;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobSpec;
import io.copyjobs.testing.ScriptedCommandBus;
import io.copyjobs.wire.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine's commands and the jobs they hold "awaiting". */
class EngineCommandsTest {
    final ScriptedCommandBus bus = new ScriptedCommandBus();

    /**
     * A job's last report has no transfer thread waiting for it: had the hold ended first, the
     * scheduler could see the job idle in its state before the report, and begin its transfer again.
     */
    @Test
    void the_job_as_an_outcome_left_it_is_known_before_the_job_stops_awaiting() {
        Job job = Job.create(JobId.random(), "alice", new JobSpec("j", null, null, null, List.of(), null, null, null),
                Instant.EPOCH);
        bus.answer(c -> Outcome.applied(c.requestId(), job, null, false));
        AtomicReference<Boolean> awaitingWhenApplied = new AtomicReference<>();
        EngineCommands[] commands = new EngineCommands[1];
        commands[0] = new EngineCommands(bus, Clock.systemUTC(), applied -> awaitingWhenApplied.set(commands[0].awaiting(
                applied.id())));

        commands[0].send(job.id(), new Command.StartTransfer()).join();

        assertThat(awaitingWhenApplied.get()).as("awaiting while the engine hears of the job as it is now").isTrue();
        assertThat(commands[0].awaiting(job.id())).as("and no longer after").isFalse();
    }
}
