package io.copyjobs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code create NAME}: CreateJob; prints the new job's GUID (the job starts SUSPENDED, as in BITS). */
@Command(name = "create", description = "Create a job (SUSPENDED until resumed) and print its GUID.")
public final class CreateCommand extends ClientCommand {
    @Parameters(paramLabel = "NAME", description = "the job's display name")
    String name;

    @Option(names = "--priority", paramLabel = "P", description = "FOREGROUND, HIGH, NORMAL (the default) or LOW")
    String priority;

    @Option(names = "--description", paramLabel = "D", description = "what the job is for")
    String description;

    @Mixin
    SecretOptions secrets = new SecretOptions();

    @Mixin
    ProxyOptions proxy = new ProxyOptions();

    @Override
    protected int run(NodeApi api) {
        Answer created = api.post("/v1/jobs", new NewJob(name, description, priority, null, secrets.read(proxy.read())));
        print(created, created.job().id());
        return Exit.OK;
    }
}
