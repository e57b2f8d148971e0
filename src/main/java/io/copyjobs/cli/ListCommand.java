package io.copyjobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.copyjobs.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code list}: EnumJobs, newest first, following the node's {@code next} cursors page after page
 * until the list or {@code --limit} ends. As in BITS, final jobs are listed only when
 * {@code --state} names a final state.
 */
@Command(name = "list", description = {"List jobs, newest first: your own, or everyone's with --all-users.",
        "Final jobs (ACKNOWLEDGED, CANCELLED) are listed only when --state names them."})
public final class ListCommand extends ClientCommand {
    @Option(names = "--all-users", description = "every owner's jobs (administrators only)")
    boolean allUsers;

    @Option(names = "--state", paramLabel = "S[,S...]", description = "only jobs in these states, such as QUEUED,ERROR")
    String state;

    @Option(names = "--limit", paramLabel = "N", description = "list at most N jobs (default: all)")
    Integer limit;

    @Option(names = "--page-size", paramLabel = "N", defaultValue = "100",
            description = "jobs asked for per request, 1..1000 (default: ${DEFAULT-VALUE})")
    int pageSize;

    @Override
    protected int run(NodeApi api) {
        if (limit != null && limit < 1) {
            throw CliFailure.usage("--limit " + limit + ": must be at least 1");
        }
        ArrayNode jobs = fetch(api);
        out().print(json ? jobs + "\n" : table(jobs));
        return Exit.OK;
    }

    private ArrayNode fetch(NodeApi api) {
        ArrayNode jobs = Json.wire().createArrayNode();
        String cursor = null;
        do {
            JsonNode page = api.get("/v1/jobs" + query(cursor)).json();
            for (JsonNode job : page.path("jobs")) {
                if (limit == null || jobs.size() < limit) {
                    jobs.add(job);
                }
            }
            cursor = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (cursor != null && (limit == null || jobs.size() < limit));
        return jobs;
    }

    private String query(String cursor) {
        int size = limit == null ? pageSize : Math.min(pageSize, limit);
        return "?limit=" + size + (state == null ? "" : "&state=" + NodeApi.encode(state))
                + (allUsers ? "&allUsers=true" : "") + (cursor == null ? "" : "&cursor=" + NodeApi.encode(cursor));
    }

    private static String table(ArrayNode jobs) {
        Table table = new Table("ID", "STATE", "OWNER", "CREATED", "NAME");
        for (JsonNode job : jobs) {
            table.row(job.path("id").asText(), job.path("state").asText(), job.path("owner").asText(),
                    job.path("created").asText(), job.path("displayName").asText());
        }
        return table.render();
    }
}
