package io.copyjobs.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.json.Json;
import io.copyjobs.service.JobLister;
import io.copyjobs.wire.IndexEntry;
import io.copyjobs.streams.OwnerIndexKeys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EnumJobs pages: their JSON form, and the merge of every node's share of an all-users list.
 * Entries sort by (newest first, id), the order every node's index keeps, so the merged page is
 * the first {@code limit} of the union and its cursor works on every node.
 */
final class Pages {
    private Pages() {
    }

    static Map<String, Object> body(List<IndexEntry> entries, String next) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jobs", entries);
        body.put("next", next == null ? null : Cursors.encode(next));
        return body;
    }

    /** A node's share of an all-users list, as it answers another node: entries and the partitions covered. */
    static Map<String, Object> share(JobLister.Page page) {
        Map<String, Object> body = body(page.entries(), page.next());
        body.put("partitions", page.partitions());
        return body;
    }

    /** A merged all-users page and the partitions its shares covered. */
    record Merged(Map<String, Object> body, Set<Integer> partitions) {
    }

    /** Merges this node's page with the JSON shares the other nodes answered. */
    static Merged merge(JobLister.Page local, List<byte[]> remote, int limit) {
        List<IndexEntry> all = new ArrayList<>(local.entries());
        Set<Integer> partitions = new HashSet<>(local.partitions());
        boolean more = local.next() != null;
        for (byte[] body : remote) {
            try {
                JsonNode page = Json.wire().readTree(body);
                for (JsonNode e : page.get("jobs")) {
                    all.add(Json.wire().treeToValue(e, IndexEntry.class));
                }
                page.path("partitions").forEach(p -> partitions.add(p.asInt()));
                more |= !page.get("next").isNull();
            } catch (IOException | RuntimeException e) {
                throw new UncheckedIOException(new IOException("a node answered an unreadable page", e));
            }
        }
        all.sort(Comparator.comparing(Pages::sortKey));
        List<IndexEntry> page = all.stream().limit(limit).toList();
        boolean hasNext = more || all.size() > limit;
        return new Merged(body(page, hasNext && !page.isEmpty() ? sortKey(page.get(page.size() - 1)) : null), partitions);
    }

    static String sortKey(IndexEntry e) {
        return OwnerIndexKeys.sortKey(e.created(), e.id().toString());
    }
}
