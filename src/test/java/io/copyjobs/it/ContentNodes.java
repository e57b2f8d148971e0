package io.copyjobs.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** Three transferring nodes in one namespace, for the content cache tests, once each holds some partitions. */
final class ContentNodes {
    private ContentNodes() {
    }

    static List<TestNode> start(String namespace) {
        List<TestNode> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            nodes.add(TestNode.start(namespace, Map.of("COPYJOBS_PARTITIONS", "6", "COPYJOBS_TRANSFER_DENY", "none",
                    "COPYJOBS_MAX_TRANSFERS", "4")));
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> nodes.stream().allMatch(n ->
                n.node.streams().metadataForAllStreamsClients().size() == 3
                        && n.node.streams().metadataForAllStreamsClients().stream().allMatch(m -> !m.topicPartitions().isEmpty())));
        return nodes;
    }
}
