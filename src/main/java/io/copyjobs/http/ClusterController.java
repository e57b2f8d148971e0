package io.copyjobs.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.cluster.Peers;
import io.copyjobs.cluster.Placement;
import io.copyjobs.cluster.Router;
import io.copyjobs.cluster.StandbyLags;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.json.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * GET /v1/cluster (administrators): every node, the partitions it holds as active and as
 * standby, and each node's own view of its Streams state and store lags (asked of it directly).
 */
public final class ClusterController implements RouteGroup {
    private final KafkaStreams streams;
    private final Placement placement;
    private final StandbyLags lags;
    private final Router router;

    public ClusterController(KafkaStreams streams, Placement placement, StandbyLags lags, Router router) {
        this.streams = streams;
        this.placement = placement;
        this.lags = lags;
        this.router = router;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/v1/cluster", this::cluster);
    }

    void cluster(Context ctx) {
        if (!Requests.actor(ctx).admin()) {
            throw ProblemException.of(ErrorCode.E_ACCESSDENIED, "only administrators may see the cluster");
        }
        if (Requests.forwarded(ctx)) {
            Responses.json(ctx, 200, localView());
            return;
        }
        ctx.future(() -> router.askEach("/v1/cluster", Requests.forwardedHeaders(ctx))
                .thenAccept(views -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("self", Placement.name(placement.self()));
                    List<Map<String, Object>> nodes = new ArrayList<>();
                    for (StreamsMetadata m : placement.members()) {
                        Map<String, Object> node = new LinkedHashMap<>();
                        String name = Placement.name(m.hostInfo());
                        node.put("node", name);
                        node.put("active", byTopic(m.topicPartitions()));
                        node.put("standby", byTopic(m.standbyTopicPartitions()));
                        node.put("view", name.equals(Placement.name(placement.self())) ? localView() : parse(views.get(name)));
                        nodes.add(node);
                    }
                    body.put("nodes", nodes);
                    Responses.json(ctx, 200, body);
                }));
    }

    /** This node's state and the lag of every local store partition (active ones are 0). */
    private Map<String, Object> localView() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("reachable", true);
        view.put("streamsState", streams.state().name());
        Map<String, Map<Integer, Long>> storeLags = new TreeMap<>();
        lags.all().forEach((store, parts) -> {
            Map<Integer, Long> byPartition = new TreeMap<>();
            parts.forEach((p, info) -> byPartition.put(p, info.offsetLag()));
            storeLags.put(store, byPartition);
        });
        view.put("lags", storeLags);
        return view;
    }

    private static Object parse(Peers.Relayed answer) {
        if (answer == null || answer.status() != 200) {
            return Map.of("reachable", false);
        }
        try {
            return Json.wire().readValue(answer.body(), JsonNode.class);
        } catch (IOException e) {
            return Map.of("reachable", true, "error", "unreadable answer");
        }
    }

    private static Map<String, Set<Integer>> byTopic(Set<TopicPartition> partitions) {
        Map<String, Set<Integer>> byTopic = new TreeMap<>();
        partitions.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new TreeSet<>()).add(tp.partition()));
        return byTopic;
    }
}
