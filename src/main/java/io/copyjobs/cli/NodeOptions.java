package io.copyjobs.cli;

import io.copyjobs.config.Config;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The options of every client command that say which node to call and as whom: {@code --url},
 * {@code --token}, and for a minted token {@code --sub} and {@code --admin}; settings come from
 * {@link Config} (environment and {@code --config} file) where an option is not given.
 */
final class NodeOptions {
    @Option(names = "--url", paramLabel = "URL",
            description = "the node to call (default: COPYJOBS_URL, else http://localhost:8080)")
    URI url;

    @Option(names = "--token", paramLabel = "JWT",
            description = "the bearer token (default: COPYJOBS_TOKEN, else one minted with the local dev node's key)")
    String token;

    @Option(names = "--sub", paramLabel = "NAME", defaultValue = "${env:COPYJOBS_SUB:-${sys:user.name}}",
            description = "the subject of a minted token (default: COPYJOBS_SUB, else your user name)")
    String subject;

    @Option(names = "--admin", description = "mint an administrator token (take-ownership, list --all-users)")
    boolean admin;

    @Option(names = "--config", paramLabel = "FILE", description = "a properties file of COPYJOBS_* settings")
    Path configFile;

    /** The API of the chosen node, with the token to call it with. */
    NodeApi connect() {
        Config config = Config.load(Optional.ofNullable(configFile));
        URI target = url != null ? url : config.client().url();
        boolean http = "http".equalsIgnoreCase(target.getScheme()) || "https".equalsIgnoreCase(target.getScheme());
        if (!http || target.getHost() == null) {
            throw CliFailure.usage("--url " + target + ": not an http(s) URL with a host, such as http://localhost:8080");
        }
        return new NodeApi(target, Credentials.token(token, config.client(), config.auth(), config.dataDir(),
                subject, admin));
    }
}
