package io.copyjobs.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * Three transferring nodes in a fresh namespace and an origin that counts the bytes it sends, for
 * the content cache tests; started once each node holds some partitions.
 */
final class ContentNodes implements AutoCloseable {
    final List<TestNode> nodes = new ArrayList<>();
    final FilesServer origin = new FilesServer();

    private ContentNodes() {
    }

    static ContentNodes start(String name) {
        ContentNodes fleet = new ContentNodes();
        String namespace = TestNode.freshNamespace(name);
        for (int i = 0; i < 3; i++) {
            fleet.nodes.add(TestNode.start(namespace, Map.of("COPYJOBS_PARTITIONS", "6", "COPYJOBS_TRANSFER_DENY", "none",
                    "COPYJOBS_MAX_TRANSFERS", "4")));
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> fleet.nodes.stream().allMatch(n ->
                n.node.streams().metadataForAllStreamsClients().size() == 3
                        && n.node.streams().metadataForAllStreamsClients().stream().allMatch(m -> !m.topicPartitions().isEmpty())));
        return fleet;
    }

    @Override
    public void close() {
        nodes.forEach(TestNode::close);
        origin.close();
    }
}
