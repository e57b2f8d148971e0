package io.copyjobs.streams;

import io.copyjobs.job.Actor;
import io.copyjobs.job.Command;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobEvent;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobState;
import io.copyjobs.testing.TopologyDrivers;
import io.copyjobs.wire.CommandRecord;
import io.copyjobs.wire.IdempotencyRecord;
import io.copyjobs.wire.IndexEntry;
import io.copyjobs.wire.Outcome;
import io.copyjobs.wire.OwnerMessage;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: a create is one input record processed in one task, so its job, outcome, owner index
 * entry and quota commit in one transaction; only an owner of another partition is sent an update
 * over {@code owner-commands}.
 */
class OneTransactionTopologyTest {
    /** Owners whose partition is the driver's task (0), and ones whose partition is another task's. */
    static final Actor ALICE = new Actor(StepsDriver.ownerIn("alice", true), false);
    static final Actor BOB = new Actor(StepsDriver.ownerIn("bob", false), false);
    static final Actor ROOT_HERE = new Actor(StepsDriver.ownerIn("root", true), true);
    static final Actor ROOT_ELSEWHERE = new Actor(StepsDriver.ownerIn("root", false), true);

    @TempDir
    Path dir;
    StepsDriver steps;
    TestOutputTopic<String, Job> snapshots;
    TestOutputTopic<String, JobEvent> events;
    TestOutputTopic<String, CommandRecord> hops;
    TestOutputTopic<String, OwnerMessage> toOwners;

    @BeforeEach
    void start() {
        steps = new StepsDriver(dir, Map.of("COPYJOBS_MAX_JOBS_PER_OWNER", "2"));
        snapshots = TopologyDrivers.output(steps.driver, TopologyDrivers.TOPICS.jobs);
        events = TopologyDrivers.output(steps.driver, TopologyDrivers.TOPICS.jobEvents);
        hops = TopologyDrivers.output(steps.driver, TopologyDrivers.TOPICS.commands);
        toOwners = TopologyDrivers.output(steps.driver, TopologyDrivers.TOPICS.ownerCommands);
    }

    @AfterEach
    void stop() {
        steps.close();
    }

    @Test
    void one_create_record_writes_the_job_its_event_outcome_index_entry_and_quota_with_no_hop_between_steps() {
        Outcome o = steps.create(ALICE, 1);

        assertThat(o.status()).isEqualTo(Outcome.Status.APPLIED);
        assertThat(StepsDriver.PARTITIONS.of(o.jobId().toString())).as("minted in its owner's partition")
                .isEqualTo(StepsDriver.PARTITIONS.of(ALICE.subject())).isZero();
        KeyValue<String, Job> snapshot = snapshots.readKeyValue();
        assertThat(snapshot.key).isEqualTo(o.jobId().toString());
        assertThat(snapshot.value.state()).isEqualTo(JobState.SUSPENDED);
        assertThat(events.readValuesToList()).isNotEmpty();
        assertThat(steps.ownerList(ALICE.subject(), "A")).extracting(IndexEntry::id).containsExactly(o.jobId());
        assertThat(steps.quota(ALICE.subject())).isEqualTo(1);
        assertThat(hops.readRecordsToList()).as("the create never crosses the commands topic").isEmpty();
        assertThat(toOwners.readRecordsToList()).as("nor does its index entry cross owner-commands").isEmpty();
    }

    @Test
    void minted_ids_are_distinct_version_4_guids_spread_over_the_whole_partition() {
        Set<JobId> ids = new HashSet<>();
        Set<Character> firstDigits = new HashSet<>();
        for (int i = 0; i < 120; i++) {
            JobId id = steps.create(ROOT_HERE, 1).jobId();
            assertThat(id.value().version()).isEqualTo(4);
            assertThat(id.value().variant()).isEqualTo(2);
            assertThat(StepsDriver.PARTITIONS.of(id.toString())).isZero();
            ids.add(id);
            firstDigits.add(id.toString().charAt(0));
        }
        assertThat(ids).hasSize(120);
        assertThat(firstDigits).as("not drawn from a narrow range").hasSizeGreaterThan(10);
    }

    @Test
    void a_retried_create_returns_the_first_id_and_writes_no_job_index_entry_or_quota() {
        Outcome first = steps.create(ALICE, 1, "k-1");
        snapshots.readRecordsToList();
        Outcome retry = steps.create(ALICE, 1, "k-1");

        assertThat(retry.replayed()).isTrue();
        assertThat(retry.jobId()).isEqualTo(first.jobId());
        assertThat(snapshots.readRecordsToList()).isEmpty();
        assertThat(steps.ownerList(ALICE.subject(), "A")).hasSize(1);
        assertThat(steps.quota(ALICE.subject())).isEqualTo(1);
        assertThat(hops.readRecordsToList()).isEmpty();
    }

    @Test
    void take_ownership_moves_the_entry_and_quota_to_an_owner_of_another_partition_once() {
        JobId id = steps.create(ALICE, 1).jobId();
        steps.send(ROOT_ELSEWHERE, id, new Command.TakeOwnership());

        List<KeyValue<String, OwnerMessage>> sent = toOwners.readKeyValuesToList();
        assertThat(sent).as("the old owner is local; only the new one is sent an update").singleElement()
                .satisfies(kv -> {
                    assertThat(kv.key).isEqualTo(ROOT_ELSEWHERE.subject());
                    OwnerMessage.IndexUpdate u = (OwnerMessage.IndexUpdate) kv.value;
                    assertThat(u.removed()).isFalse();
                    assertThat(u.previousState()).isNull();
                });
        assertThat(steps.ownerList(ALICE.subject(), "A")).isEmpty();
        assertThat(steps.quota(ALICE.subject())).isZero();
        assertThat(steps.ownerList(ROOT_ELSEWHERE.subject(), "A")).extracting(IndexEntry::id).containsExactly(id);
        assertThat(steps.quota(ROOT_ELSEWHERE.subject())).isEqualTo(1);

        steps.send(ROOT_ELSEWHERE, id, new Command.Cancel());
        assertThat(toOwners.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly(ROOT_ELSEWHERE.subject());
        assertThat(steps.quota(ROOT_ELSEWHERE.subject())).isZero();
        assertThat(steps.ownerList(ROOT_ELSEWHERE.subject(), "F")).extracting(IndexEntry::id).containsExactly(id);
    }

    @Test
    void a_job_taken_back_by_an_owner_of_its_own_partition_is_listed_without_a_hop() {
        JobId id = steps.create(ALICE, 1).jobId();
        steps.send(ROOT_ELSEWHERE, id, new Command.TakeOwnership());
        toOwners.readRecordsToList();
        steps.send(ROOT_HERE, id, new Command.TakeOwnership());

        assertThat(toOwners.readKeyValuesToList()).as("the remote owner is told it lost the job, nothing else")
                .singleElement().satisfies(kv -> {
                    assertThat(kv.key).isEqualTo(ROOT_ELSEWHERE.subject());
                    assertThat(((OwnerMessage.IndexUpdate) kv.value).removed()).isTrue();
                });
        assertThat(steps.quota(ROOT_ELSEWHERE.subject())).isZero();
        assertThat(steps.ownerList(ROOT_ELSEWHERE.subject(), "A")).isEmpty();
        assertThat(steps.quota(ROOT_HERE.subject())).isEqualTo(1);
        assertThat(steps.ownerList(ROOT_HERE.subject(), "A")).extracting(IndexEntry::id).containsExactly(id);
    }

    /**
     * Data of the two-step layout needs no migration: a job made then has an id of any partition,
     * its create may still be in flight on {@code commands}, and its create key still answers
     * retries. The job step makes it, its changes reach its owner over {@code owner-commands}, and
     * a retry of its create goes to it over {@code commands}.
     */
    @Test
    void a_job_of_the_two_step_layout_still_answers_its_retries_and_keeps_its_owner_s_list_and_quota() {
        JobId legacy = idOutside(StepsDriver.PARTITIONS.of(BOB.subject()));
        Command.CreateJob create = StepsDriver.createJob(1);
        CommandRecord made = CommandRecord.of("old-request", null, BOB, "k-old", StepsDriver.START, create)
                .forJob(legacy, StepsDriver.START, false);
        // What the owner step of the two-step layout had written before it forwarded the create.
        steps.driver.<String, IndexEntry>getKeyValueStore(Stores.OWNER_INDEX.name())
                .put(OwnerIndexKeys.ownerKey(new IndexEntry(legacy, BOB.subject(), JobState.SUSPENDED,
                        StepsDriver.START, "matrix")), new IndexEntry(legacy, BOB.subject(), JobState.SUSPENDED,
                        StepsDriver.START, "matrix"));
        steps.driver.<String, Long>getKeyValueStore(Stores.OWNER_QUOTA.name()).put(BOB.subject(), 1L);
        steps.driver.<String, IdempotencyRecord>getKeyValueStore(Stores.CREATE_KEYS.name()).put(
                BOB.subject() + OwnerIndexKeys.SEP + "k-old",
                IdempotencyRecord.created(legacy, StepsDriver.START, IdempotencyRecord.fingerprint(create)));
        assertThat(steps.pipe(made).created()).isTrue();

        assertThat(steps.stored(legacy).owner()).isEqualTo(BOB.subject());
        assertThat(steps.create(BOB, 1, null).status()).as("bob's count is 1 of 2: a fresh create is admitted")
                .isEqualTo(Outcome.Status.APPLIED);
        assertThat(steps.create(BOB, 1, null).status()).as("and then he is at his quota")
                .isEqualTo(Outcome.Status.REJECTED);

        steps.send(BOB, legacy, new Command.Cancel());
        assertThat(toOwners.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly(BOB.subject());
        assertThat(steps.quota(BOB.subject())).isEqualTo(1);
        assertThat(steps.ownerList(BOB.subject(), "F")).extracting(IndexEntry::id).containsExactly(legacy);
    }

    @Test
    void a_retried_create_of_a_job_in_another_partition_is_sent_to_it_over_commands() {
        JobId legacy = idOutside(0);
        Command.CreateJob create = StepsDriver.createJob(1);
        steps.driver.<String, IdempotencyRecord>getKeyValueStore(Stores.CREATE_KEYS.name()).put(
                ALICE.subject() + OwnerIndexKeys.SEP + "k-old",
                IdempotencyRecord.created(legacy, StepsDriver.START, IdempotencyRecord.fingerprint(create)));
        steps.pipe(CommandRecord.of("old-request", null, ALICE, "k-old", StepsDriver.START, create)
                .forJob(legacy, StepsDriver.START, false));

        Outcome retry = steps.create(ALICE, 1, "k-old");
        assertThat(retry.jobId()).isEqualTo(legacy);
        assertThat(retry.replayed()).isTrue();
        assertThat(hops.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly(legacy.toString());
    }

    private static JobId idOutside(int partition) {
        JobId id;
        do {
            id = new JobId(UUID.randomUUID());
        } while (StepsDriver.PARTITIONS.of(id.toString()) == partition);
        return id;
    }
}
