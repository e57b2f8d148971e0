package io.copyjobs.streams;

import io.copyjobs.job.Actor;
import io.copyjobs.job.Command;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.JobId;
import io.copyjobs.wire.IndexEntry;
import io.copyjobs.wire.Outcome;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.kafka.common.utils.Utils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quota and the owner lists stay exact under any mix of creates, cancels, resumes and
 * ownership changes, between owners of the task's own partition (updates in the transaction) and
 * of other partitions (updates over {@code owner-commands}): checked against a plain model after
 * every step, and every create is admitted or refused exactly as the model's count says.
 */
class QuotaPropertyTest {
    static final int MAX = 3;
    static final List<Actor> OWNERS = List.of(new Actor(StepsDriver.ownerIn("alice", true), false),
            new Actor(StepsDriver.ownerIn("bob", false), false), new Actor(StepsDriver.ownerIn("root", true), true),
            new Actor(StepsDriver.ownerIn("root", false), true));
    static final List<Actor> ADMINS = OWNERS.stream().filter(Actor::admin).toList();

    /** One step of a run; job numbers are taken modulo the jobs made so far. */
    sealed interface Step {
    }

    record Create(int owner) implements Step {
    }

    record Cancel(int job) implements Step {
    }

    record Resume(int job) implements Step {
    }

    record Take(int job, int admin) implements Step {
    }

    /** What the model knows of one job. */
    static final class ModelJob {
        final JobId id;
        Actor owner;
        boolean done;

        ModelJob(JobId id, Actor owner) {
            this.id = id;
            this.owner = owner;
        }
    }

    @Provide
    Arbitrary<List<Step>> runs() {
        Arbitrary<Integer> job = Arbitraries.integers().between(0, 1_000);
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.integers().between(0, OWNERS.size() - 1).map(Create::new)),
                Tuple.of(2, job.map(Cancel::new)),
                Tuple.of(1, job.map(Resume::new)),
                Tuple.of(2, Combinators.combine(job, Arbitraries.integers().between(0, ADMINS.size() - 1))
                        .as(Take::new)));
        return step.list().ofMinSize(1).ofMaxSize(30);
    }

    @Property(tries = 30)
    void the_quota_and_the_lists_follow_the_model_and_decide_every_create(@ForAll("runs") List<Step> run)
            throws IOException {
        Path dir = Files.createTempDirectory("quota-property");
        try (StepsDriver steps = new StepsDriver(dir, Map.of("COPYJOBS_MAX_JOBS_PER_OWNER", Integer.toString(MAX)))) {
            List<ModelJob> jobs = new ArrayList<>();
            for (Step s : run) {
                apply(steps, jobs, s);
                for (Actor owner : OWNERS) {
                    assertThat(steps.quota(owner.subject())).as("%s's count after %s", owner.subject(), s)
                            .isEqualTo(jobs.stream().filter(j -> j.owner.equals(owner) && !j.done).count());
                    assertThat(listed(steps, owner, "A")).isEqualTo(ids(jobs, owner, false));
                    assertThat(listed(steps, owner, "F")).isEqualTo(ids(jobs, owner, true));
                }
            }
        } finally {
            Utils.delete(dir.toFile());
        }
    }

    private static void apply(StepsDriver steps, List<ModelJob> jobs, Step s) {
        if (s instanceof Create c) {
            Actor owner = OWNERS.get(c.owner());
            long unfinished = jobs.stream().filter(j -> j.owner.equals(owner) && !j.done).count();
            Outcome o = steps.create(owner, 1);
            if (owner.admin() || unfinished < MAX) {
                assertThat(o.status()).isEqualTo(Outcome.Status.APPLIED);
                jobs.add(new ModelJob(o.jobId(), owner));
            } else {
                assertThat(o.code()).isEqualTo(ErrorCode.BG_E_TOO_MANY_JOBS_PER_USER);
            }
            return;
        }
        if (jobs.isEmpty()) {
            return;
        }
        ModelJob j = jobs.get(jobNumber(s) % jobs.size());
        Actor sender = s instanceof Take t ? ADMINS.get(t.admin()) : j.owner;
        Command command = s instanceof Cancel ? new Command.Cancel()
                : s instanceof Resume ? new Command.Resume() : new Command.TakeOwnership();
        Outcome o = steps.send(sender, j.id, command);
        assertThat(o.status() == Outcome.Status.REJECTED).as("%s on a job done=%s", s, j.done).isEqualTo(j.done);
        if (!j.done) {
            j.done = s instanceof Cancel;
            j.owner = sender;
        }
    }

    private static int jobNumber(Step s) {
        return s instanceof Cancel c ? c.job() : s instanceof Resume r ? r.job() : ((Take) s).job();
    }

    private static Set<JobId> listed(StepsDriver steps, Actor owner, String bucket) {
        return steps.ownerList(owner.subject(), bucket).stream().map(IndexEntry::id).collect(Collectors.toSet());
    }

    private static Set<JobId> ids(List<ModelJob> jobs, Actor owner, boolean done) {
        return jobs.stream().filter(j -> j.owner.equals(owner) && j.done == done).map(j -> j.id)
                .collect(Collectors.toSet());
    }
}
