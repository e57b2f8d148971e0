package io.copyjobs.streams;

import io.copyjobs.job.Actor;
import io.copyjobs.job.Command;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.FileSpec;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobEvent;
import io.copyjobs.job.JobFile;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobSpec;
import io.copyjobs.job.JobState;
import io.copyjobs.job.ReplaceRemotePrefix;
import io.copyjobs.job.SetRemoteName;
import io.copyjobs.job.TransferError;
import io.copyjobs.json.JobDocument;
import io.copyjobs.testing.TopologyDrivers;
import io.copyjobs.wire.CommandRecord;
import io.copyjobs.wire.Outcome;
import io.copyjobs.wire.OwnerMessage;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SetRemoteName and ReplaceRemotePrefix through the real job step: the single writer records the
 * new URL in the snapshot, tells the engine (the watcher) and watchers (JobModification), and a
 * late progress report of the old transfer does not bring the old URL back.
 */
class RemoteNameTopologyTest {
    static final Actor ALICE = new Actor("alice", false);
    static final String OLD = "https://old.example.com/presigned/";
    static final String NEW = "https://new.example.com/presigned/";

    @TempDir
    Path dir;
    TopologyTestDriver driver;
    TestInputTopic<String, OwnerMessage> ownerIn;
    TestInputTopic<String, CommandRecord> commandsIn;
    TestOutputTopic<String, Outcome> outcomes;
    TestOutputTopic<String, Job> snapshots;
    TestOutputTopic<String, JobEvent> events;
    final List<Job> watched = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        JobWatcher watcher = new JobWatcher() {
            @Override
            public void changed(Job job, int partition, boolean purged) {
                watched.add(job);
            }

            @Override
            public void opened(int partition, Work work) {
            }

            @Override
            public void revoked(int partition) {
            }
        };
        driver = TopologyDrivers.start(dir, Map.of(), watcher, new ActiveJobStores(), StepsDriver.START);
        ownerIn = TopologyDrivers.input(driver, TopologyDrivers.TOPICS.ownerCommands);
        commandsIn = TopologyDrivers.input(driver, TopologyDrivers.TOPICS.commands);
        outcomes = TopologyDrivers.output(driver, TopologyDrivers.TOPICS.outcomes);
        snapshots = TopologyDrivers.output(driver, TopologyDrivers.TOPICS.jobs);
        events = TopologyDrivers.output(driver, TopologyDrivers.TOPICS.jobEvents);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void a_transferring_file_gets_its_new_url_keeps_its_bytes_and_the_engine_and_watchers_hear_of_it() {
        JobId id = transferringWithFileZeroDoneAndFileOneHalfway();

        Outcome o = send(ALICE, id, new SetRemoteName(1, NEW + "b?sig=2"));

        assertThat(o.status()).isEqualTo(Outcome.Status.APPLIED);
        assertThat(o.job().files().get(1).remoteUrl()).isEqualTo(NEW + "b?sig=2");
        Job snapshot = snapshots.readValuesToList().get(0);
        assertThat(snapshot).isEqualTo(o.job());
        assertThat(snapshot.state()).isEqualTo(JobState.TRANSFERRING);
        assertThat(snapshot.files().get(1).bytesTransferred()).as("the part stays for a resume").isEqualTo(40);
        assertThat(events.readValuesToList()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(JobEvent.Type.JOB_MODIFICATION);
            assertThat(e.operation()).isEqualTo("SetRemoteName");
            assertThat(e.actor()).isEqualTo("alice");
        });
        assertThat(watched.get(watched.size() - 1).files().get(1).remoteUrl()).isEqualTo(NEW + "b?sig=2");

        // A report the old transfer sent before it stopped: its figures apply, the old URL does not come back.
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        send(Actor.SYSTEM, id, new Command.ReportProgress(1, 100, 45, false, "n1", 45, 0, null));
        assertThat(stored(id).files().get(1)).satisfies(f -> {
            assertThat(f.bytesTransferred()).isEqualTo(45);
            assertThat(f.remoteUrl()).isEqualTo(NEW + "b?sig=2");
        });
    }

    @Test
    void a_transferred_file_refuses_a_new_url_and_a_prefix_that_matches_nothing_writes_nothing_and_says_S_FALSE() {
        JobId id = transferringWithFileZeroDoneAndFileOneHalfway();

        Outcome done = send(ALICE, id, new SetRemoteName(0, NEW + "a"));
        assertThat(done.status()).isEqualTo(Outcome.Status.REJECTED);
        assertThat(done.code()).isEqualTo(ErrorCode.BG_E_INVALID_STATE);

        Outcome none = send(ALICE, id, new ReplaceRemotePrefix("https://elsewhere.example.com/", NEW));
        assertThat(none.status()).isEqualTo(Outcome.Status.UNCHANGED);
        assertThat(none.result()).isEqualTo(ErrorCode.S_FALSE);
        assertThat(none.job().version()).isEqualTo(stored(id).version());
        assertThat(snapshots.readRecordsToList()).isEmpty();
        assertThat(events.readRecordsToList()).isEmpty();
    }

    @Test
    void replace_remote_prefix_moves_every_unfinished_file_of_an_errored_job_and_leaves_it_in_ERROR_for_resume() {
        JobId id = transferringWithFileZeroDoneAndFileOneHalfway();
        send(Actor.SYSTEM, id, new Command.FailTransfer(TransferError.http(403, "expired", 1), false));
        snapshots.readRecordsToList();

        Outcome o = send(ALICE, id, new ReplaceRemotePrefix(OLD, NEW));

        assertThat(o.status()).isEqualTo(Outcome.Status.APPLIED);
        assertThat(o.result()).isNull();
        assertThat(o.job().files()).extracting(JobFile::remoteUrl).containsExactly(OLD + "a", NEW + "b", NEW + "c");
        assertThat(o.job().state()).isEqualTo(JobState.ERROR);
        assertThat(send(ALICE, id, new Command.Resume()).job().state()).isEqualTo(JobState.QUEUED);
    }

    private JobId transferringWithFileZeroDoneAndFileOneHalfway() {
        List<FileSpec> files = List.of(new FileSpec(OLD + "a", "a", null), new FileSpec(OLD + "b", "b", null),
                new FileSpec(OLD + "c", "c", null));
        CommandRecord c = CommandRecord.of(UUID.randomUUID().toString(), null, ALICE, null, StepsDriver.START,
                new Command.CreateJob(new JobSpec("expiring", null, null, null, files, null, null, null)));
        ownerIn.pipeInput(ALICE.subject(), new OwnerMessage.Create(c));
        JobId id = outcomes.readValue().jobId();
        send(ALICE, id, new Command.Resume());
        send(Actor.SYSTEM, id, new Command.StartTransfer());
        send(Actor.SYSTEM, id, new Command.ReportProgress(0, 10, 10, true, "n1", 10, 0, null));
        // Past the progress pace, so that the report is written.
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        send(Actor.SYSTEM, id, new Command.ReportProgress(1, 100, 40, false, "n1", 40, 0, null));
        snapshots.readRecordsToList();
        events.readRecordsToList();
        return id;
    }

    private Outcome send(Actor actor, JobId id, Command command) {
        commandsIn.pipeInput(id.toString(), CommandRecord.of(UUID.randomUUID().toString(), id, actor, null,
                StepsDriver.START, command));
        return outcomes.readValue();
    }

    private Job stored(JobId id) {
        return driver.<String, JobDocument>getKeyValueStore(Stores.JOBS.name()).get(id.toString()).job();
    }
}
