package io.copyjobs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Locale;

/**
 * {@code credentials GUID server|proxy}: SetCredentials with {@code --credentials} for the server or
 * {@code --proxy-credentials} for the proxy (the secret from a file or a hidden prompt, as for {@code create}), RemoveCredentials with
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
        String name = target.toLowerCase(Locale.ROOT);
        boolean proxy = name.equals("proxy");
        SecretOptions.Options given = secrets.read(null);
        SecretOptions.Credentials mine = given == null ? null : proxy ? given.proxyCredentials() : given.serverCredentials();
        SecretOptions.Credentials other = given == null ? null : proxy ? given.serverCredentials() : given.proxyCredentials();
        if (given != null && (given.headers() != null || other != null)) {
            throw CliFailure.usage("only the " + name + "'s credentials are set here: " + option(proxy));
        }
        if (remove == (mine != null)) {
            throw CliFailure.usage("give either " + option(proxy) + " or --remove");
        }
        String path = NodeApi.jobPath(guid) + "/credentials/" + NodeApi.encode(name);
        Answer answer = remove ? api.delete(path) : api.send("PUT", path, mine);
        JobView job = answer.job();
        String scheme = answer.json().path("options").path(name + "Credentials").path("scheme").asText("none");
        print(answer, job.id() + " " + job.state() + ", " + name + " credentials: " + scheme);
        return Exit.OK;
    }

    private static String option(boolean proxy) {
        return proxy ? "--proxy-credentials basic:USER" : "--credentials basic:USER|bearer";
    }
}
