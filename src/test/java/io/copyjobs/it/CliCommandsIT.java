package io.copyjobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The client commands against a real node and broker: what they print and how they exit. */
class CliCommandsIT {
    static final String GUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}";
    static TestNode node;
    static String alice;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestNode.freshNamespace("cli"), Map.of());
        alice = node.token("alice");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static CliRun ok(String token, String... args) {
        return CliRun.ok(node, token, args);
    }

    static String create(String token, String name) {
        return ok(token, "create", name).out().strip();
    }

    static JsonNode json(CliRun run) throws IOException {
        return Json.wire().readTree(run.out());
    }

    @Test
    void create_prints_the_new_guid_and_info_shows_the_job() throws IOException {
        String id = ok(alice, "create", "nightly sync", "--priority", "high", "--description", "the ISOs").out().strip();
        assertThat(id).matches(GUID);

        String info = ok(alice, "info", "{" + id.toUpperCase() + "}").out();
        assertThat(info).contains("ID           " + id, "Name         nightly sync", "Description  the ISOs",
                "Owner        alice", "State        SUSPENDED", "Priority     HIGH",
                "Sources      from origin 0 B, from peers 0 B\n", "No files yet.");

        JsonNode job = json(ok(alice, "info", id, "--json"));
        assertThat(job.get("id").asText()).isEqualTo(id);
        assertThat(job.get("priority").asText()).isEqualTo("HIGH");
        assertThat(json(ok(alice, "create", "as json", "--json")).get("state").asText()).isEqualTo("SUSPENDED");
    }

    @Test
    void create_takes_headers_and_credentials_from_files_and_never_shows_them(@TempDir Path dir) throws IOException {
        Path key = Files.writeString(dir.resolve("key"), "k-cli-123\n");
        Path password = Files.writeString(dir.resolve("pw"), "pw-cli-456\n");
        String id = ok(alice, "create", "private", "--header", "X-Api-Key=@" + key, "--credentials", "basic:bob",
                "--secret-file", password.toString()).out().strip();

        String job = ok(alice, "info", id, "--json").out();
        assertThat(json(ok(alice, "info", id, "--json")).at("/options/headers/0/name").asText()).isEqualTo("X-Api-Key");
        assertThat(json(ok(alice, "info", id, "--json")).at("/options/serverCredentials/scheme").asText()).isEqualTo("BASIC");
        assertThat(job).doesNotContain("k-cli-123", "pw-cli-456", "bob");

        CliRun typed = CliRun.run(node, alice, "create", "typed", "--header", "X-Api-Key");
        assertThat(typed.exit()).isEqualTo(2);
        assertThat(typed.err()).contains("E_INVALIDARG", "give it in a file");
    }

    @Test
    void credentials_sets_and_removes_one_target_s_credentials(@TempDir Path dir) throws IOException {
        String id = create(alice, "rotated");
        Path token = Files.writeString(dir.resolve("token"), "tok-cli-789\n");

        assertThat(ok(alice, "credentials", id, "server", "--credentials", "bearer", "--secret-file", token.toString())
                .out().strip()).isEqualTo(id + " SUSPENDED, server credentials: BEARER");
        String job = ok(alice, "info", id, "--json").out();
        assertThat(json(ok(alice, "info", id, "--json")).at("/options/serverCredentials/scheme").asText())
                .isEqualTo("BEARER");
        assertThat(job).doesNotContain("tok-cli-789");

        assertThat(ok(alice, "credentials", id, "server", "--remove").out().strip())
                .isEqualTo(id + " SUSPENDED, server credentials: none");
        assertThat(json(ok(alice, "info", id, "--json")).at("/options/serverCredentials").isMissingNode()).isTrue();

        CliRun neither = CliRun.run(node, alice, "credentials", id, "server");
        assertThat(neither.exit()).isEqualTo(2);
        assertThat(neither.err()).contains("give either --credentials");
    }

    @Test
    void addfile_takes_pairs_and_a_list_file_in_one_request(@TempDir Path dir) throws IOException {
        String id = create(alice, "files");
        Path list = Files.writeString(dir.resolve("list.txt"),
                "# mirror of the nightly build\n\nhttps://example.com/c.bin   c copy.bin\n", StandardCharsets.UTF_8);

        CliRun run = ok(alice, "addfile", id, "https://example.com/a.bin", "a.bin", "https://example.com/b.bin",
                "b.bin", "--from-file", list.toString());
        assertThat(run.out().strip()).isEqualTo(id + " SUSPENDED: added 3 file(s), 3 in the job");

        JsonNode files = json(ok(alice, "info", id, "--json")).get("files");
        assertThat(files).extracting(f -> f.get("localName").asText()).containsExactly("a.bin", "b.bin", "c copy.bin");
        assertThat(ok(alice, "info", id).out()).contains("0  no    0 B of ?  0 B          0 B         a.bin       https://example.com/a.bin");
    }

    @Test
    void set_remote_and_replace_prefix_give_files_new_urls_and_say_when_nothing_matched() throws IOException {
        String id = create(alice, "expiring");
        ok(alice, "addfile", id, "https://old.example.com/a.bin", "a.bin", "https://old.example.com/b.bin", "b.bin");

        assertThat(ok(alice, "set-remote", id, "0", "https://sas.example.com/a.bin?sig=2").out().strip())
                .isEqualTo(id + " SUSPENDED: file 0 from https://sas.example.com/a.bin?sig=2");
        assertThat(ok(alice, "replace-prefix", id, "https://nowhere.example.com/", "https://new.example.com/").out()
                .strip()).isEqualTo(id + " SUSPENDED: no file's URL starts with https://nowhere.example.com/ (S_FALSE)");
        assertThat(ok(alice, "replace-prefix", id, "https://old.example.com/", "https://new.example.com/").out()
                .strip()).isEqualTo(id + " SUSPENDED: URLs now start with https://new.example.com/");
        assertThat(json(ok(alice, "info", id, "--json")).get("files")).extracting(f -> f.get("remoteUrl").asText())
                .containsExactly("https://sas.example.com/a.bin?sig=2", "https://new.example.com/b.bin");

        CliRun bad = CliRun.run(node, alice, "set-remote", id, "0", "ftp://example.com/a.bin");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).startsWith("E_INVALIDARG: remoteUrl: ");
    }

    @Test
    void resume_suspend_and_cancel_print_the_new_state_and_a_final_job_refuses_with_exit_1() {
        String id = create(alice, "lifecycle");
        ok(alice, "addfile", id, "https://example.com/a.bin", "a.bin");
        assertThat(ok(alice, "resume", id).out().strip()).isEqualTo(id + " QUEUED");
        assertThat(ok(alice, "suspend", id).out().strip()).isEqualTo(id + " SUSPENDED");
        assertThat(ok(alice, "cancel", id).out().strip()).isEqualTo(id + " CANCELLED");

        CliRun again = CliRun.run(node, alice, "resume", id);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.out()).isEmpty();
        assertThat(again.err().strip()).isEqualTo("BG_E_INVALID_STATE: Resume is not allowed in state CANCELLED");
    }

    @Test
    void complete_of_a_job_with_nothing_transferred_says_partial_complete() throws IOException {
        String id = create(alice, "early");
        ok(alice, "addfile", id, "https://example.com/a.bin", "a.bin");
        assertThat(ok(alice, "complete", id).out().strip())
                .isEqualTo(id + " ACKNOWLEDGED (BG_S_PARTIAL_COMPLETE: only the files that had finished were kept)");

        String other = create(alice, "early json");
        ok(alice, "addfile", other, "https://example.com/a.bin", "a.bin");
        JsonNode done = json(ok(alice, "complete", other, "--json"));
        assertThat(done.get("state").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(done.get("result").get("code").asText()).isEqualTo("BG_S_PARTIAL_COMPLETE");
    }

    @Test
    void resume_of_a_job_without_files_is_BG_E_EMPTY_with_exit_1() {
        String id = create(alice, "empty");
        CliRun run = CliRun.run(node, alice, "resume", id);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("BG_E_EMPTY: ").contains("add files first");
    }

    @Test
    void take_ownership_is_for_administrators() {
        String id = create(alice, "handed over");
        CliRun refused = CliRun.run(node, alice, "take-ownership", id);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).startsWith("E_ACCESSDENIED: ");

        assertThat(ok(node.adminToken("root"), "take-ownership", id).out().strip())
                .isEqualTo(id + " SUSPENDED, owned by root");
    }

    @Test
    void another_owner_s_job_is_E_ACCESSDENIED_with_exit_1() {
        String id = create(alice, "private");
        CliRun run = CliRun.run(node, node.token("bob"), "info", id);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("E_ACCESSDENIED: ").contains("owner or an administrator");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void an_unknown_job_is_DO_E_NOT_FOUND_with_exit_1_and_no_stack_trace() {
        String id = "5ce34c0d-1b2a-4c3d-8e4f-0123456789ab";
        CliRun run = CliRun.run(node, alice, "info", id);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("DO_E_NOT_FOUND: no job " + id + "; check the GUID or whether it was purged\n");
    }

    @Test
    void a_malformed_guid_is_E_INVALIDARG_from_the_node_with_exit_1() {
        CliRun run = CliRun.run(node, alice, "suspend", "not a guid");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("E_INVALIDARG: ");
    }

    @Test
    void a_token_the_node_rejects_is_exit_2() {
        CliRun run = CliRun.run(node, "not.a.token", "list");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("E_ACCESSDENIED: ").contains("rejects the credentials", "--token");
    }

    @Test
    void a_node_that_cannot_be_reached_is_exit_2() {
        String nowhere = "http://127.0.0.1:" + TestBroker.freePort();
        CliRun run = CliRun.raw("info", "5ce34c0d-1b2a-4c3d-8e4f-0123456789ab", "--url", nowhere, "--token", alice);
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("CJ_E_UNREACHABLE: cannot reach the node at " + nowhere
                + " (connection refused); check --url or COPYJOBS_URL, and that the node is running\n");
    }

    @Test
    void a_token_is_minted_with_the_dev_key_in_a_local_node_s_data_directory(@TempDir Path data) throws IOException {
        assumeTrue(System.getenv("COPYJOBS_TOKEN") == null && System.getenv("COPYJOBS_AUTH_HS256_SECRET") == null,
                "the environment names a token or secret, which would win over the dev key");
        // The test node signs with TestNode.SECRET; a dev node would have made that key itself.
        Files.writeString(data.resolve("dev-key"),
                Base64.getEncoder().encodeToString(TestNode.SECRET.getBytes(StandardCharsets.UTF_8)));
        Path config = Files.writeString(data.resolve("client.properties"), "COPYJOBS_DATA_DIR=" + data + "\n");

        CliRun run = CliRun.raw("create", "minted", "--url", node.base, "--config", config.toString(), "--sub", "mint");
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(json(ok(node.token("mint"), "info", run.out().strip(), "--json")).get("owner").asText())
                .isEqualTo("mint");
    }
}
