package io.copyjobs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Locale;

/**
 * {@code credentials GUID server|proxy}: SetCredentials with {@code --credentials} (the secret from
 * {@code --secret-file} or a hidden prompt, as for {@code create}), RemoveCredentials with
 * {@code --remove}. Prints {@code <GUID> <STATE>} and the scheme the job now has for the target.
 */
@Command(name = "credentials", description = "Set (--credentials) or remove (--remove) a job's credentials for its "
        + "server or its proxy (SetCredentials, RemoveCredentials).")
public final class CredentialsCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "GUID", description = "the job (braces and any case are fine)")
    String guid;

    @Parameters(index = "1", paramLabel = "server|proxy", description = "whom the credentials are for")
    String target;

    @Option(names = "--remove", description = "remove the credentials instead of setting them")
    boolean remove;

    @Mixin
    SecretOptions secrets = new SecretOptions();

    @Override
    protected int run(NodeApi api) {
        String path = NodeApi.jobPath(guid) + "/credentials/" + NodeApi.encode(target.toLowerCase(Locale.ROOT));
        SecretOptions.Options given = secrets.read();
        if (given != null && given.headers() != null) {
            throw CliFailure.usage("--header: headers are set by create or a PATCH of the job, not here");
        }
        if (remove == (given != null)) {
            throw CliFailure.usage("give either --credentials basic:USER|bearer or --remove");
        }
        Answer answer = remove ? api.delete(path) : api.send("PUT", path, given.serverCredentials());
        JobView job = answer.job();
        String scheme = answer.json().path("options").path(target.toLowerCase(Locale.ROOT) + "Credentials")
                .path("scheme").asText("none");
        print(answer, job.id() + " " + job.state() + ", " + target.toLowerCase(Locale.ROOT) + " credentials: " + scheme);
        return Exit.OK;
    }
}
