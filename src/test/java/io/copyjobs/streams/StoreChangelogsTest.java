package io.copyjobs.streams;

import io.copyjobs.config.Config;
import io.copyjobs.job.Actor;
import io.copyjobs.kafka.Topic;
import io.copyjobs.kafka.Topics;
import io.copyjobs.testing.TopologyDrivers;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node creates the stores' changelogs with its own topics (issue 16): the names it makes must be
 * the ones Streams writes to, or Streams would make its own beside them and leave ours unused.
 */
class StoreChangelogsTest {
    static final String APPLICATION_ID = Config.fromMap(Map.of()).kafka().applicationId();

    @Test
    void the_topology_has_exactly_the_stores_whose_changelogs_a_node_creates() {
        TopologyDescription d = CopyJobsTopology.build(TopologyDrivers.TOPICS, StepsDriver.PARTITIONS,
                Config.fromMap(Map.of()).steps()).describe();
        Set<String> stores = d.subtopologies().stream().flatMap(s -> s.nodes().stream())
                .filter(n -> n instanceof TopologyDescription.Processor)
                .flatMap(n -> ((TopologyDescription.Processor) n).stores().stream()).collect(Collectors.toSet());
        assertThat(stores).containsExactlyInAnyOrderElementsOf(Stores.ALL.stream().map(Topic::name).toList());
    }

    @Test
    void every_changelog_streams_writes_is_one_a_node_creates(@TempDir Path dir) {
        Set<String> created = Stores.changelogs(APPLICATION_ID).stream().map(Topics.Layout::name)
                .collect(Collectors.toSet());
        assertThat(created).hasSize(Stores.ALL.size()).allMatch(name -> name.endsWith("-changelog"));
        try (StepsDriver steps = new StepsDriver(dir, Map.of())) {
            // A create under an Idempotency-Key writes the job, its key, the owner's index, quota and key stores.
            steps.create(new Actor(StepsDriver.ownerIn("alice", true), false), 1, "key-1");
            Set<String> written = steps.driver.producedTopicNames().stream().filter(t -> t.endsWith("-changelog"))
                    .collect(Collectors.toSet());
            assertThat(written).contains(APPLICATION_ID + "-jobs-changelog", APPLICATION_ID + "-owner-index-changelog",
                    APPLICATION_ID + "-create-keys-changelog");
            assertThat(created).containsAll(written);
        }
    }
}
