package io.copyjobs;

import io.copyjobs.auth.AuthSettings;
import io.copyjobs.auth.JwtVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code token --console}: a link to the node's console that carries the token where no server sees it. */
class TokenLinkTest {
    private static final String SECRET = "token-link-test-secret-of-at-least-32-bytes";

    @Test
    void the_console_link_puts_a_valid_token_in_the_fragment_of_the_advertised_url(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("node.properties");
        Files.writeString(config, "COPYJOBS_AUTH_HS256_SECRET=" + SECRET + "\nCOPYJOBS_ADVERTISED_URL=https://node-1.example.com:9443\n"
                + "COPYJOBS_DATA_DIR=" + dir.resolve("data") + "\n");
        StringWriter out = new StringWriter();
        int exit = new CommandLine(new Main.Token()).setOut(new PrintWriter(out))
                .execute("--sub", "alice", "--console", "--config", config.toString());

        assertThat(exit).isZero();
        String link = out.toString().trim();
        assertThat(link).startsWith("https://node-1.example.com:9443/console/#token=");
        String token = link.substring(link.indexOf("#token=") + "#token=".length());
        JwtVerifier verifier = JwtVerifier.hs256(SECRET.getBytes(StandardCharsets.UTF_8),
                new AuthSettings("", "", "roles", "copyjobs-admin"));
        assertThat(verifier.verified(token).actor().subject()).isEqualTo("alice");
    }
}
