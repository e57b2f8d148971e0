package io.copyjobs.streams;

/** The names of the topology's nodes: stable, because Streams derives internal names from them. */
final class Names {
    static final String OWNER_SOURCE = "owner-commands-source";
    static final String OWNER_STEP = "owner-step";
    static final String TO_COMMANDS = "owner-step-to-commands";
    static final String JOB_SOURCE = "commands-source";
    static final String JOB_STEP = "job-step";
    static final String TO_JOBS = "job-step-snapshots";
    static final String TO_EVENTS = "job-step-events";
    static final String OUTCOMES = "outcomes";
    static final String TO_OWNERS = "job-step-index-updates";

    private Names() {
    }
}
