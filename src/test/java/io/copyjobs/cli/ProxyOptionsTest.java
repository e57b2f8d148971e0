package io.copyjobs.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.copyjobs.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code create}'s proxy options as the node receives them: {@code --proxy} (repeatable or a comma
 * list) and {@code --proxy-bypass} make OVERRIDE, {@code --no-proxy} NO_PROXY, and
 * {@code --proxy-credentials} takes its password from a file; contradictions are usage errors.
 */
class ProxyOptionsTest {
    static String options(String... args) throws JsonProcessingException {
        CreateCommand create = new CreateCommand();
        new CommandLine(create).parseArgs(args);
        return Json.wire().writeValueAsString(create.secrets.read(create.proxy.read()));
    }

    @Test
    void proxy_and_bypass_make_an_override() throws JsonProcessingException {
        assertThat(options("j", "--proxy", "http://a:3128,http://b:3128", "--proxy", "c:8080",
                "--proxy-bypass", "<local>,*.corp"))
                .isEqualTo("{\"proxy\":{\"usage\":\"OVERRIDE\",\"proxies\":[\"http://a:3128\",\"http://b:3128\","
                        + "\"c:8080\"],\"bypass\":[\"<local>\",\"*.corp\"]}}");
        assertThat(options("j", "--no-proxy")).isEqualTo("{\"proxy\":{\"usage\":\"NO_PROXY\"}}");
        assertThat(options("j")).isEqualTo("null");
    }

    @Test
    void proxy_credentials_read_their_password_from_a_file(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("pw"), "proxy-pw\n");
        assertThat(options("j", "--proxy", "p:3128", "--proxy-credentials", "basic:carol", "--proxy-secret-file",
                secret.toString())).isEqualTo("{\"proxyCredentials\":{\"scheme\":\"BASIC\",\"userName\":\"carol\","
                + "\"password\":\"proxy-pw\"},\"proxy\":{\"usage\":\"OVERRIDE\",\"proxies\":[\"p:3128\"]}}");
    }

    @Test
    void contradictions_are_usage_errors_before_any_node_is_called() {
        CommandLineTest.Run both = CommandLineTest.run(CommandLineTest.withNode("create", "j", "--proxy", "p:1",
                "--no-proxy"));
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("--proxy and --no-proxy");
        CommandLineTest.Run bypass = CommandLineTest.run(CommandLineTest.withNode("create", "j", "--proxy-bypass", "a"));
        assertThat(bypass.err()).contains("--proxy-bypass needs --proxy");
        CommandLineTest.Run bearer = CommandLineTest.run(CommandLineTest.withNode("create", "j",
                "--proxy-credentials", "bearer"));
        assertThat(bearer.err()).contains("--proxy-credentials: basic:USER, not bearer");
    }
}
