package io.copyjobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.copyjobs.it.CliCommandsIT.GUID;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code list} against a real node: a table, cursors followed page by page, state filter, all users. */
class CliListIT {
    static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestNode.freshNamespace("clilist"), Map.of());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static CliRun ok(String token, String... args) {
        return CliRun.ok(node, token, args);
    }

    static List<String> made(String token, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(ok(token, "create", "job " + i).out().strip());
        }
        Collections.reverse(ids); // the list is newest first
        return ids;
    }

    /** The first column of every row but the header. */
    static List<String> ids(CliRun run) {
        List<String> lines = Arrays.asList(run.out().split("\n"));
        return lines.subList(1, lines.size()).stream().map(l -> l.split(" ")[0]).toList();
    }

    @Test
    void a_table_of_every_job_newest_first_across_pages() {
        String pager = node.token("pager");
        List<String> ids = made(pager, 5);

        CliRun run = ok(pager, "list", "--page-size", "2");
        assertThat(run.out()).startsWith("ID").contains("STATE", "OWNER", "CREATED", "NAME");
        assertThat(ids(run)).as("three pages of two, followed by their cursors").containsExactlyElementsOf(ids);
        assertThat(run.out().split("\n")[1]).matches(GUID + "  SUSPENDED  pager  \\S+Z  job 4");

        assertThat(ids(ok(pager, "list", "--page-size", "2", "--limit", "3"))).containsExactlyElementsOf(ids.subList(0, 3));
    }

    @Test
    void json_is_one_array_of_the_entries_as_the_node_sent_them() throws IOException {
        String lister = node.token("lister");
        List<String> ids = made(lister, 3);
        JsonNode all = Json.wire().readTree(ok(lister, "list", "--json", "--page-size", "1").out());
        assertThat(all.isArray()).isTrue();
        assertThat(all).extracting(j -> j.get("id").asText()).containsExactlyElementsOf(ids);
        assertThat(all.get(0).get("displayName").asText()).isEqualTo("job 2");
    }

    @Test
    void final_jobs_are_listed_when_their_state_is_asked_for() {
        String owner = node.token("finisher");
        List<String> ids = made(owner, 2);
        ok(owner, "cancel", ids.get(0));
        assertThat(ids(ok(owner, "list"))).containsExactly(ids.get(1));
        assertThat(ids(ok(owner, "list", "--state", "CANCELLED"))).containsExactly(ids.get(0));
        assertThat(ids(ok(owner, "list", "--state", "SUSPENDED,CANCELLED"))).containsExactlyElementsOf(ids);
    }

    @Test
    void all_users_is_for_administrators() {
        String id = made(node.token("carol"), 1).get(0);
        CliRun refused = CliRun.run(node, node.token("carol"), "list", "--all-users");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).startsWith("E_ACCESSDENIED: ");
        assertThat(ids(ok(node.adminToken("root"), "list", "--all-users"))).contains(id);
    }

    @Test
    void an_empty_list_is_the_header_alone() {
        assertThat(ok(node.token("nobody"), "list").out()).isEqualTo("ID  STATE  OWNER  CREATED  NAME\n");
    }
}
