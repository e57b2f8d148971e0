package io.copyjobs.streams;

import io.copyjobs.config.Config;
import io.copyjobs.kafka.KeyPartitions;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OwnerStepPartitionTest {
    @TempDir
    Path dir;

    /** Topics given more partitions than COPYJOBS_PARTITIONS: no id could ever be minted for the extra ones. */
    @Test
    void a_task_beyond_the_configured_partitions_refuses_to_start_instead_of_minting_forever() {
        Config config = Config.fromMap(Map.of("COPYJOBS_DATA_DIR", dir.toString()));
        OwnerStep step = new OwnerStep(config.steps(), new KeyPartitions(12), new PromptCommits(10));
        MockProcessorContext<String, Object> context = new MockProcessorContext<>(new Properties(), new TaskId(0, 12),
                new File(dir.toFile(), "state"));

        assertThatThrownBy(() -> step.init(context)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("0_12").hasMessageContaining("12 of COPYJOBS_PARTITIONS");
    }
}
