package io.copyjobs.cli;

import io.copyjobs.auth.AuthSettings;
import io.copyjobs.auth.DevKeys;
import io.copyjobs.auth.TokenMinter;
import io.copyjobs.config.Config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Finds the bearer token for the client commands: {@code --token}, else {@code COPYJOBS_TOKEN},
 * else one minted as the {@code token} command does, for a node of one's own: with
 * {@code COPYJOBS_AUTH_HS256_SECRET} when set, or with the dev key in the data directory of a
 * local dev node (SPEC §4).
 */
final class Credentials {
    /** Long enough for a long {@code monitor} or {@code transfer}: the token is minted once per run. */
    static final Duration MINTED_TTL = Duration.ofHours(12);

    private Credentials() {
    }

    static String token(String given, Config.Client client, Config.Auth auth, Path dataDir, String subject,
                        boolean admin) {
        if (given != null && !given.isBlank()) {
            return given.strip();
        }
        if (!client.token().isEmpty()) {
            return client.token();
        }
        return new TokenMinter(signingKey(auth, dataDir), AuthSettings.of(auth)).mint(subject, admin, MINTED_TTL,
                Instant.now());
    }

    private static byte[] signingKey(Config.Auth auth, Path dataDir) {
        if (!auth.hs256Secret().isEmpty()) {
            return auth.hs256Secret().getBytes(StandardCharsets.UTF_8);
        }
        try {
            return DevKeys.readFile(dataDir).orElseThrow(() -> new CliFailure(CliFailure.CONFIG,
                    "no token: pass --token or set COPYJOBS_TOKEN (there is no dev key in " + dataDir
                            + " to mint one with: run from a local dev node's directory, or set COPYJOBS_DATA_DIR)",
                    Exit.UNUSABLE));
        } catch (IOException | IllegalArgumentException e) {
            throw new CliFailure(CliFailure.CONFIG, "cannot read the dev key in " + dataDir + ": "
                    + e.getMessage(), Exit.UNUSABLE);
        }
    }
}
