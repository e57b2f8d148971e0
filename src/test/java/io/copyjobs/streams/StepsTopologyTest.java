package io.copyjobs.streams;

import io.copyjobs.job.Actor;
import io.copyjobs.job.Command;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.ErrorContext;
import io.copyjobs.job.FileSpec;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobEvent;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobSpec;
import io.copyjobs.job.JobState;
import io.copyjobs.job.Priority;
import io.copyjobs.job.PropertyChanges;
import io.copyjobs.job.TransferError;
import io.copyjobs.json.JobDocument;
import io.copyjobs.kafka.Topics;
import io.copyjobs.testing.TopologyDrivers;
import io.copyjobs.wire.CommandRecord;
import io.copyjobs.wire.IdempotencyRecord;
import io.copyjobs.wire.IndexEntry;
import io.copyjobs.wire.Outcome;
import io.copyjobs.wire.OwnerMessage;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The two processing steps, record by record, with {@link TopologyTestDriver}. */
class StepsTopologyTest {
    static final Actor ALICE = new Actor("alice", false);
    static final Actor ROOT = new Actor("root", true);
    static final Instant START = Instant.parse("2026-11-24T10:00:00Z");

    @TempDir
    Path dir;
    TopologyTestDriver driver;
    Topics topics = TopologyDrivers.TOPICS;
    TestInputTopic<String, OwnerMessage> ownerIn;
    TestInputTopic<String, CommandRecord> commandsIn;
    TestInputTopic<String, String> rawCommands;
    TestOutputTopic<String, Outcome> outcomes;
    TestOutputTopic<String, Job> snapshots;
    TestOutputTopic<String, JobEvent> events;
    ActiveJobStores active = new ActiveJobStores();

    @BeforeEach
    void start() {
        driver = TopologyDrivers.start(dir, Map.of("COPYJOBS_MAX_JOBS_PER_OWNER", "2", "COPYJOBS_RETENTION", "PT1H",
                "COPYJOBS_IDLE_CANCEL", "P2D", "COPYJOBS_SWEEP_INTERVAL", "PT1M"), JobWatcher.NONE, active, START);
        ownerIn = TopologyDrivers.input(driver, topics.ownerCommands);
        commandsIn = TopologyDrivers.input(driver, topics.commands);
        rawCommands = driver.createInputTopic(topics.commands.name(), Serdes.String().serializer(),
                Serdes.String().serializer());
        outcomes = TopologyDrivers.output(driver, topics.outcomes);
        snapshots = TopologyDrivers.output(driver, topics.jobs);
        events = TopologyDrivers.output(driver, topics.jobEvents);
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    /**
     * Each store write is a changelog record in the command's transaction: a command writes the
     * work list and the state counts only when it changed them (bench/run.sh create counts them).
     */
    @Test
    void commands_write_the_work_list_and_state_counts_only_when_they_change_them() {
        TestOutputTopic<String, String> work = driver.createOutputTopic("copyjobs-job-work-changelog",
                Serdes.String().deserializer(), Serdes.String().deserializer());
        TestOutputTopic<String, Long> counts = driver.createOutputTopic("copyjobs-job-counts-changelog",
                Serdes.String().deserializer(), Serdes.Long().deserializer());
        JobId id = create(ALICE, "n", null).jobId();
        assertThat(work.readRecordsToList()).as("a SUSPENDED job is no work for the engine").isEmpty();
        assertThat(counts.readKeyValuesToMap()).isEqualTo(Map.of("SUSPENDED", 1L));

        send(ALICE, id, new Command.Resume(), null);
        assertThat(work.readKeyValuesToList()).containsExactly(KeyValue.pair(id.toString(), ""));
        assertThat(counts.readKeyValuesToMap()).isEqualTo(Map.of("SUSPENDED", 0L, "QUEUED", 1L));

        send(ALICE, id, new Command.SetProperties(new PropertyChanges("renamed", null, null, null, null, null),
                null), null);
        assertThat(work.readRecordsToList()).as("still QUEUED: still work").isEmpty();
        assertThat(counts.readRecordsToList()).as("still QUEUED: the same counts").isEmpty();

        send(ALICE, id, new Command.Suspend(), null);
        assertThat(work.readKeyValuesToList()).containsExactly(KeyValue.pair(id.toString(), null));
    }

    /**
     * Progress is what a transfer writes most (hardening issue, item 2): a report that changes
     * nothing writes nothing, a big job's reports are spaced so that its copies stay within the
     * budget, completions are always written, and no progress outcome carries the job.
     */
    @Test
    void progress_writes_only_what_changed_at_a_pace_that_shrinks_as_the_job_grows() {
        JobId small = transferring(1);
        Outcome first = send(Actor.SYSTEM, small, new Command.ReportProgress(0, 100, 10, false, "n1", 0, 0, null), null);
        assertThat(first.status()).isEqualTo(Outcome.Status.APPLIED);
        assertThat(first.job()).as("the engine has the job already").isNull();
        assertThat(snapshots.readRecordsToList()).hasSize(1);
        assertThat(send(Actor.SYSTEM, small, new Command.ReportProgress(0, 100, 10, false, "n1", 0, 0, null), null).status())
                .isEqualTo(Outcome.Status.UNCHANGED);
        assertThat(snapshots.readRecordsToList()).as("the same figures again").isEmpty();
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        send(Actor.SYSTEM, small, new Command.ReportProgress(0, 100, 20, false, "n1", 0, 0, null), null);
        assertThat(snapshots.readRecordsToList()).as("a small job: every second").hasSize(1);

        JobId big = transferring(200);
        int bytes = driver.<String, JobDocument>getKeyValueStore(Stores.JOBS.name()).get(big.toString()).json().length;
        Duration pace = ProgressPace.interval(bytes);
        assertThat(pace).isGreaterThan(Duration.ofSeconds(10));
        send(Actor.SYSTEM, big, new Command.ReportProgress(0, 100, 1, false, "n1", 0, 0, null), null);
        assertThat(snapshots.readRecordsToList()).hasSize(1);
        for (int i = 2; i < 6; i++) {
            driver.advanceWallClockTime(Duration.ofSeconds(1));
            send(Actor.SYSTEM, big, new Command.ReportProgress(0, 100, i, false, "n1", 0, 0, null), null);
        }
        assertThat(snapshots.readRecordsToList()).as("within %s of the last write", pace).isEmpty();
        driver.advanceWallClockTime(pace);
        send(Actor.SYSTEM, big, new Command.ReportProgress(0, 100, 7, false, "n1", 0, 0, null), null);
        assertThat(snapshots.readValuesToList()).singleElement()
                .satisfies(j -> assertThat(j.files().get(0).bytesTransferred()).isEqualTo(7));
        send(Actor.SYSTEM, big, new Command.ReportProgress(0, 100, 100, true, "n1", 0, 0, null), null);
        assertThat(snapshots.readValuesToList()).as("a completed file is written at once").singleElement()
                .satisfies(j -> assertThat(j.files().get(0).completed()).isTrue());
        long bytesPerSecond = 2L * bytes * 1000 / pace.toMillis();
        assertThat(bytesPerSecond).isLessThanOrEqualTo(ProgressPace.BUDGET_BYTES_PER_SECOND);
    }

    /**
     * A retry that fails as the one before changes nothing but the error's time and count, yet
     * rewrote the whole job each time (every 5 s at the shortest retry delay): the job step writes
     * it at the job's progress pace. The first failure, another error and the end of the
     * no-progress timeout are written at once, and no failure's outcome carries the job (the engine
     * has it from the watcher).
     */
    @Test
    void a_failure_repeated_in_TRANSIENT_ERROR_is_written_at_the_job_s_pace_and_any_other_at_once() {
        JobId big = transferring(200);
        Duration pace = ProgressPace.interval(
                driver.<String, JobDocument>getKeyValueStore(Stores.JOBS.name()).get(big.toString()).json().length);
        TransferError refused = TransferError.of(ErrorCode.BG_E_NETWORK_DISCONNECTED,
                ErrorContext.GENERAL_TRANSPORT, "cannot reach https://example.com/x", 0);
        Outcome first = send(Actor.SYSTEM, big, new Command.FailTransfer(refused, true), null);
        assertThat(first.job() == null).as("the engine has the job already").isTrue();
        Job failed = snapshots.readValuesToList().get(0);
        assertThat(failed.state()).as("the first failure is written at once").isEqualTo(JobState.TRANSIENT_ERROR);

        Duration since = Duration.ZERO;
        int heldBack = 0;
        for (; since.plusSeconds(5).compareTo(pace.minusSeconds(1)) < 0; since = since.plusSeconds(5)) {
            driver.advanceWallClockTime(Duration.ofSeconds(5));
            assertThat(send(Actor.SYSTEM, big, new Command.FailTransfer(refused, true), null).status())
                    .isEqualTo(Outcome.Status.UNCHANGED);
            heldBack++;
        }
        assertThat(heldBack).isGreaterThan(1);
        assertThat(snapshots.readRecordsToList()).as("the same failure again within %s", pace).isEmpty();
        driver.advanceWallClockTime(pace.minus(since));
        send(Actor.SYSTEM, big, new Command.FailTransfer(refused, true), null);
        int counted = failed.errorCount() + heldBack + 1;
        assertThat(snapshots.readValuesToList()).as("once %s has passed", pace).singleElement().satisfies(j -> {
            assertThat(j.errorCount()).as("the failures held back, and this one").isEqualTo(counted);
            assertThat(j.error().since()).isEqualTo(failed.error().since());
            assertThat(j.error().at()).isAfter(failed.error().at());
        });

        TransferError busy = TransferError.http(503, "the server answered 503", 0);
        send(Actor.SYSTEM, big, new Command.FailTransfer(busy, true), null);
        assertThat(snapshots.readValuesToList()).as("another error at once").singleElement().satisfies(j -> {
            assertThat(j.error().code()).isEqualTo("BG_E_HTTP_ERROR_503");
            assertThat(j.errorCount()).isEqualTo(counted + 1);
        });
        int timeout = (int) pace.toSeconds() + 5;
        send(ALICE, big, new Command.SetProperties(new PropertyChanges(null, null, null, null, timeout, null), null), null);
        snapshots.readRecordsToList();
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        send(Actor.SYSTEM, big, new Command.FailTransfer(busy, true), null);
        assertThat(snapshots.readValuesToList()).as("the no-progress timeout, within %s of the last write", pace)
                .singleElement().satisfies(j -> {
                    assertThat(j.state()).isEqualTo(JobState.ERROR);
                    assertThat(j.error().code()).isEqualTo("DO_E_DOWNLOAD_NO_PROGRESS");
                });
    }

    /**
     * errorCount is every error so far (SPEC §1; BITS GetErrorCount counts every attempt that
     * failed): the failures held back by the pace are counted by the job's next write, whichever
     * command makes it, and only once.
     */
    @Test
    void failures_held_back_by_the_pace_are_counted_by_the_job_s_next_write_whatever_it_is() {
        JobId big = transferring(200);
        TransferError refused = TransferError.of(ErrorCode.BG_E_NETWORK_DISCONNECTED,
                ErrorContext.GENERAL_TRANSPORT, "cannot reach https://example.com/x", 0);
        send(Actor.SYSTEM, big, new Command.FailTransfer(refused, true), null);
        assertThat(snapshots.readValuesToList()).singleElement().satisfies(j -> assertThat(j.errorCount()).isEqualTo(1));
        for (int i = 0; i < 3; i++) {
            driver.advanceWallClockTime(Duration.ofSeconds(5));
            assertThat(send(Actor.SYSTEM, big, new Command.FailTransfer(refused, true), null).status())
                    .isEqualTo(Outcome.Status.UNCHANGED);
        }
        assertThat(snapshots.readRecordsToList()).isEmpty();

        Outcome suspended = send(ALICE, big, new Command.Suspend(), null);
        assertThat(suspended.job().errorCount()).isEqualTo(4);
        assertThat(snapshots.readValuesToList()).singleElement().satisfies(j -> assertThat(j).isEqualTo(suspended.job()));
        send(ALICE, big, new Command.Resume(), null);
        assertThat(snapshots.readValuesToList()).as("counted once").singleElement()
                .satisfies(j -> assertThat(j.errorCount()).isEqualTo(4));
    }

    /** A job of {@code files} files with long URLs, resumed and started by the engine. */
    private JobId transferring(int files) {
        List<FileSpec> specs = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            specs.add(new FileSpec("https://example.com/" + "x".repeat(2000) + i, "f" + i, null));
        }
        CommandRecord c = CommandRecord.of(UUID.randomUUID().toString(), null, ALICE, null, START,
                new Command.CreateJob(new JobSpec("big", null, null, null, specs, null, null, null)));
        ownerIn.pipeInput(ALICE.subject(), new OwnerMessage.Create(c));
        JobId id = outcomes.readValue().jobId();
        send(ALICE, id, new Command.Resume(), null);
        send(Actor.SYSTEM, id, new Command.StartTransfer(), null);
        snapshots.readRecordsToList();
        return id;
    }

    Outcome create(Actor actor, String name, String idempotencyKey) {
        CommandRecord c = CommandRecord.of(UUID.randomUUID().toString(), null, actor, idempotencyKey, START,
                new Command.CreateJob(new JobSpec(name, null, null, null,
                        List.of(new FileSpec("https://example.com/a", "a", null)), null, null, null)));
        ownerIn.pipeInput(actor.subject(), new OwnerMessage.Create(c));
        return outcomes.readValue();
    }

    Outcome send(Actor actor, JobId id, Command command, String idempotencyKey) {
        CommandRecord c = CommandRecord.of(UUID.randomUUID().toString(), id, actor, idempotencyKey, START, command);
        commandsIn.pipeInput(id.toString(), c);
        return outcomes.readValue();
    }

    List<IndexEntry> ownerList(String owner, String bucket) {
        return StepsDriver.ownerList(driver, owner, bucket);
    }

    @Test
    void the_job_step_lends_its_store_to_readers_while_it_runs_and_takes_it_back_when_it_closes() {
        Outcome o = create(ALICE, "nightly", null);

        assertThat(active.of(0)).as("the one partition's job step runs").isPresent();
        assertThat(active.of(0).orElseThrow().get(o.job().id().toString()).job()).isEqualTo(o.job());
        driver.close();
        driver = null;
        assertThat(active.of(0)).as("a closed task's store is not read").isEmpty();
    }

    @Test
    void a_create_is_minted_by_the_owner_step_and_made_by_the_job_step_in_state_SUSPENDED() {
        Outcome o = create(ALICE, "nightly", null);

        assertThat(o.status()).isEqualTo(Outcome.Status.APPLIED);
        assertThat(o.created()).isTrue();
        assertThat(o.job().state()).isEqualTo(JobState.SUSPENDED);
        assertThat(o.job().owner()).isEqualTo("alice");
        assertThat(o.job().id().value().version()).isEqualTo(4);
        KeyValue<String, Job> snapshot = snapshots.readKeyValue();
        assertThat(snapshot.key).isEqualTo(o.jobId().toString());
        assertThat(snapshot.value).isEqualTo(o.job());
        assertThat(events.readValue().type()).isEqualTo(JobEvent.Type.JOB_MODIFICATION);
        assertThat(driver.<String, JobDocument>getKeyValueStore(Stores.JOBS.name()).get(o.jobId().toString()))
                .isEqualTo(JobDocument.of(o.job()));
        assertThat(ownerList("alice", "A")).singleElement()
                .satisfies(e -> assertThat(e.created()).isEqualTo(o.job().times().created()));
    }

    @Test
    void the_quota_counts_unfinished_jobs_exactly_and_administrators_are_exempt() {
        Outcome first = create(ALICE, "1", null);
        create(ALICE, "2", null);
        Outcome third = create(ALICE, "3", null);
        assertThat(third.code()).isEqualTo(ErrorCode.BG_E_TOO_MANY_JOBS_PER_USER);

        send(ALICE, first.jobId(), new Command.Cancel(), null);
        assertThat(create(ALICE, "4", null).status()).isEqualTo(Outcome.Status.APPLIED);

        for (int i = 0; i < 3; i++) {
            assertThat(create(ROOT, "r" + i, null).status()).isEqualTo(Outcome.Status.APPLIED);
        }
    }

    @Test
    void a_retried_create_with_the_same_key_returns_the_same_job_and_applies_nothing() {
        Outcome first = create(ALICE, "nightly", "k-1");
        Outcome retry = create(ALICE, "nightly", "k-1");

        assertThat(retry.replayed()).isTrue();
        assertThat(retry.jobId()).isEqualTo(first.jobId());
        assertThat(retry.job()).isEqualTo(first.job());
        assertThat(retry.created()).isTrue();
        assertThat(ownerList("alice", "A")).hasSize(1);
        assertThat(create(ALICE, "nightly", "k-2").jobId()).isNotEqualTo(first.jobId());
    }

    @Test
    void a_retried_job_command_answers_the_first_outcome_with_the_job_as_it_is_now() {
        JobId id = create(ALICE, "nightly", null).jobId();
        Outcome resumed = send(ALICE, id, new Command.Resume(), "r-1");
        Outcome suspended = send(ALICE, id, new Command.Suspend(), null);
        Outcome retry = send(ALICE, id, new Command.Resume(), "r-1");

        assertThat(resumed.job().state()).isEqualTo(JobState.QUEUED);
        assertThat(retry.replayed()).isTrue();
        assertThat(retry.status()).isEqualTo(Outcome.Status.APPLIED);
        assertThat(retry.job()).isEqualTo(suspended.job());
        assertThat(send(ROOT, id, new Command.Resume(), "r-1").replayed()).as("keys are per caller").isFalse();
    }

    /** The case: alice's old keys must not show her the job (its new owner, its new name) after a takeover. */
    @Test
    void a_retry_after_take_ownership_is_denied_to_the_former_owner_like_a_fresh_request() {
        Outcome made = create(ALICE, "nightly", "c-1");
        JobId id = made.jobId();
        send(ALICE, id, new Command.Resume(), "r-1");
        send(ROOT, id, new Command.TakeOwnership(), null);
        send(ROOT, id, new Command.SetProperties(new PropertyChanges("root's now", null, null, null, null, null), null), null);

        for (Outcome retry : List.of(create(ALICE, "nightly", "c-1"), send(ALICE, id, new Command.Resume(), "r-1"))) {
            assertThat(retry.status()).isEqualTo(Outcome.Status.REJECTED);
            assertThat(retry.code()).isEqualTo(ErrorCode.E_ACCESSDENIED);
            assertThat(retry.job()).as("no job data").isNull();
            assertThat(retry.replayed()).isFalse();
            assertThat(retry.detail()).doesNotContain("root");
        }
        assertThat(create(ROOT, "nightly", "c-1").jobId()).as("keys are per caller").isNotEqualTo(id);
    }

    @Test
    void a_key_sent_again_with_another_request_is_refused_not_answered() {
        Outcome made = create(ALICE, "nightly", "c-1");
        Outcome otherBody = create(ALICE, "weekly", "c-1");
        assertThat(otherBody.code()).isEqualTo(ErrorCode.CJ_E_IDEMPOTENCY_KEY_REUSED);
        assertThat(otherBody.job()).isNull();
        assertThat(otherBody.jobId()).isNull();
        assertThat(ownerList("alice", "A")).hasSize(1);

        JobId id = made.jobId();
        PropertyChanges low = new PropertyChanges(null, null, Priority.LOW, null, null, null);
        PropertyChanges high = new PropertyChanges(null, null, Priority.HIGH, null, null, null);
        send(ALICE, id, new Command.SetProperties(low, null), "p-1");
        assertThat(send(ALICE, id, new Command.SetProperties(high, null), "p-1").code())
                .isEqualTo(ErrorCode.CJ_E_IDEMPOTENCY_KEY_REUSED);
        assertThat(send(ALICE, id, new Command.Suspend(), "p-1").code()).as("another operation")
                .isEqualTo(ErrorCode.CJ_E_IDEMPOTENCY_KEY_REUSED);
        Outcome same = send(ALICE, id, new Command.SetProperties(low, null), "p-1");
        assertThat(same.replayed()).isTrue();
        assertThat(same.status()).isEqualTo(Outcome.Status.APPLIED);
        assertThat(driver.<String, JobDocument>getKeyValueStore(Stores.JOBS.name()).get(id.toString()).job().priority())
                .isEqualTo(Priority.LOW);
    }

    @Test
    void fingerprints_tell_operations_and_bodies_apart_and_ignore_property_order() {
        assertThat(IdempotencyRecord.fingerprint(new Command.Resume()))
                .isNotEqualTo(IdempotencyRecord.fingerprint(new Command.Suspend()));
        JobSpec spec = new JobSpec("n", null, null, null, List.of(new FileSpec("https://example.com/a", "a", null)),
                null, null, null);
        assertThat(IdempotencyRecord.fingerprint(new Command.CreateJob(spec)))
                .isEqualTo(IdempotencyRecord.fingerprint(new Command.CreateJob(new JobSpec("n", null, null, null,
                        List.of(new FileSpec("https://example.com/a", "a", null)), null, null, null))))
                .isNotEqualTo(IdempotencyRecord.fingerprint(new Command.CreateJob(new JobSpec("n", null, null, null,
                        List.of(new FileSpec("https://example.com/b", "a", null)), null, null, null))));
    }

    /** Records kept before fingerprints existed still answer their retries (for one TTL at most). */
    @Test
    void a_key_kept_by_an_earlier_release_without_a_fingerprint_still_answers_its_retry() {
        JobId id = create(ALICE, "nightly", null).jobId();
        send(ALICE, id, new Command.Resume(), "r-1");
        String storeKey = id + "\u0000alice\u0000r-1";
        KeyValueStore<String, IdempotencyRecord> keys = driver.getKeyValueStore(Stores.JOB_KEYS.name());
        String old = "{\"jobId\":\"" + id + "\",\"status\":\"APPLIED\",\"code\":null,\"detail\":null,"
                + "\"result\":null,\"created\":false,\"at\":\"2026-11-24T10:00:00Z\",\"schemaVersion\":1}";
        IdempotencyRecord earlier = Stores.JOB_KEYS.valueSerde().deserializer()
                .deserialize("t", old.getBytes(StandardCharsets.UTF_8));
        assertThat(earlier.fingerprint()).isNull();
        keys.put(storeKey, earlier);

        Outcome retry = send(ALICE, id, new Command.Resume(), "r-1");
        assertThat(retry.replayed()).isTrue();
        assertThat(retry.status()).isEqualTo(Outcome.Status.APPLIED);
        assertThat(send(new Actor("mallory", false), id, new Command.Resume(), "r-1").code())
                .isEqualTo(ErrorCode.E_ACCESSDENIED);
    }

    @Test
    void a_rejected_command_changes_nothing_and_a_stranger_is_denied() {
        JobId id = create(ALICE, "nightly", null).jobId();
        snapshots.readValuesToList();
        Outcome denied = send(new Actor("mallory", false), id, new Command.Cancel(), null);
        assertThat(denied.code()).isEqualTo(ErrorCode.E_ACCESSDENIED);
        assertThat(denied.job()).isNull();
        assertThat(snapshots.isEmpty()).isTrue();
        assertThat(send(ALICE, JobId.random(), new Command.Cancel(), null).code()).isEqualTo(ErrorCode.DO_E_NOT_FOUND);
    }

    @Test
    void state_changes_and_take_ownership_keep_the_owner_lists_right() {
        JobId id = create(ALICE, "nightly", null).jobId();
        send(ROOT, id, new Command.TakeOwnership(), null);
        assertThat(ownerList("alice", "A")).isEmpty();
        assertThat(ownerList("root", "A")).singleElement().satisfies(e -> assertThat(e.owner()).isEqualTo("root"));

        send(ROOT, id, new Command.Complete(), null);
        assertThat(ownerList("root", "A")).isEmpty();
        assertThat(ownerList("root", "F")).singleElement()
                .satisfies(e -> assertThat(e.state()).isEqualTo(JobState.ACKNOWLEDGED));
        KeyValueStore<String, Long> quota = driver.getKeyValueStore(Stores.OWNER_QUOTA.name());
        assertThat(quota.get("alice")).isNull();
        assertThat(quota.get("root")).isNull();
    }

    @Test
    void final_jobs_are_purged_with_a_tombstone_after_the_retention_and_idle_ones_cancelled() {
        JobId done = create(ALICE, "done", null).jobId();
        JobId idle = create(ALICE, "idle", null).jobId();
        send(ALICE, done, new Command.Cancel(), "cancel-1");
        snapshots.readValuesToList();
        KeyValueStore<String, IdempotencyRecord> keys = driver.getKeyValueStore(Stores.JOB_KEYS.name());
        assertThat(keyCount(keys)).isEqualTo(1);

        driver.advanceWallClockTime(Duration.ofHours(2));
        assertThat(keyCount(keys)).as("a purged job's kept keys go with it, long before their TTL").isZero();
        List<KeyValue<String, Job>> purged = snapshots.readKeyValuesToList();
        assertThat(purged).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo(done.toString());
            assertThat(kv.value).isNull();
        });
        assertThat(ownerList("alice", "F")).isEmpty();
        assertThat(driver.<String, JobDocument>getKeyValueStore(Stores.JOBS.name()).get(idle.toString()).job().state())
                .isEqualTo(JobState.SUSPENDED);

        driver.advanceWallClockTime(Duration.ofDays(2));
        Job cancelled = driver.<String, JobDocument>getKeyValueStore(Stores.JOBS.name()).get(idle.toString()).job();
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(events.readValuesToList()).last().satisfies(e -> assertThat(e.actor()).isEqualTo("system"));
    }

    private static long keyCount(KeyValueStore<String, IdempotencyRecord> keys) {
        try (KeyValueIterator<String, IdempotencyRecord> all = keys.all()) {
            long n = 0;
            for (; all.hasNext(); all.next()) {
                n++;
            }
            return n;
        }
    }

    @Test
    void garbage_on_the_commands_topic_is_skipped_and_processing_goes_on() {
        // The dead-letter records themselves are checked on a real broker (NodeStartupIT's
        // garbage_on_the_commands_topic_goes_to_the_dead_letter_topic_and_the_node_keeps_working):
        // the test driver does not capture what Streams' error handlers produce.
        rawCommands.pipeInput("not-a-guid", "{not json");
        rawCommands.pipeInput(JobId.random().toString(), "{\"schemaVersion\":1}");
        assertThat(outcomes.isEmpty()).isTrue();

        assertThat(create(ALICE, "still works", null).status()).isEqualTo(Outcome.Status.APPLIED);
    }
}
