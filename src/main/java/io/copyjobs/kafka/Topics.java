package io.copyjobs.kafka;

import io.copyjobs.job.Job;
import io.copyjobs.job.JobEvent;
import io.copyjobs.wire.CommandRecord;
import io.copyjobs.wire.Outcome;
import io.copyjobs.wire.OwnerMessage;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.time.Duration;
import java.util.List;

/**
 * The copyjobs topics (SPEC §6), named with the configured prefix, and how each is kept.
 */
public final class Topics {
    private static final Serde<String> KEY = Serdes.String();

    public final Topic<String, OwnerMessage> ownerCommands;
    public final Topic<String, CommandRecord> commands;
    public final Topic<String, Job> jobs;
    public final Topic<String, JobEvent> jobEvents;
    public final Topic<String, Outcome> outcomes;
    public final String deadLetter;
    /** Who holds which content (issue 17): compacted, one key {@code <hex>/<node>} per content and node. */
    public final String content;
    public final String devKey;

    public Topics(String prefix) {
        ownerCommands = new Topic<>(prefix + "owner-commands", KEY, JsonSerde.of(OwnerMessage.class));
        commands = new Topic<>(prefix + "commands", KEY, JsonSerde.of(CommandRecord.class));
        jobs = new Topic<>(prefix + "jobs", KEY, JsonSerde.stamped(Job.class));
        jobEvents = new Topic<>(prefix + "job-events", KEY, JsonSerde.stamped(JobEvent.class));
        outcomes = new Topic<>(prefix + "outcomes", KEY, JsonSerde.of(Outcome.class));
        deadLetter = prefix + "dead-letter";
        content = prefix + "content";
        devKey = prefix + "dev-key";
    }

    /** How a topic is kept: compacted (latest value per key) or deleted after {@code retention}. */
    public record Layout(String name, boolean compacted, Duration retention) {
    }

    /**
     * Every topic of copyjobs' own (the stores' changelogs are {@code Stores.changelogs}), with the
     * retention of the command, event and outcome topics (SPEC §6: 7, 7 and 1 days by default).
     */
    public List<Layout> layouts(Duration commandsRetention, Duration eventsRetention, Duration outcomesRetention) {
        return List.of(
                new Layout(ownerCommands.name(), false, commandsRetention),
                new Layout(commands.name(), false, commandsRetention),
                new Layout(jobs.name(), true, null),
                new Layout(jobEvents.name(), false, eventsRetention),
                new Layout(outcomes.name(), false, outcomesRetention),
                new Layout(deadLetter, false, Duration.ofDays(14)),
                new Layout(content, true, null));
    }
}
