package io.copyjobs.streams;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TwoStepStateTest {
    @TempDir
    Path app;

    @Test
    void the_state_of_the_two_step_layout_is_removed_whole_and_the_rest_of_the_directory_kept() throws IOException {
        Path owners = Files.createDirectories(app.resolve("0_3").resolve("rocksdb").resolve("owner-index"));
        Files.writeString(app.resolve("0_3").resolve(".checkpoint"), "0\n1\ncopyjobs-owner-index-changelog 3 42\n");
        Files.createDirectories(app.resolve("1_3").resolve("rocksdb").resolve("jobs"));
        Files.writeString(app.resolve("kafka-streams-process-metadata"), "{}");

        TwoStepState.clear(app);

        assertThat(owners).doesNotExist();
        assertThat(app.resolve("0_3")).doesNotExist();
        assertThat(app.resolve("1_3")).doesNotExist();
        assertThat(app.resolve("kafka-streams-process-metadata")).exists();
    }

    @Test
    void owner_step_tasks_alone_are_the_old_layout_too() throws IOException {
        Path owners = Files.createDirectories(app.resolve("0_5").resolve("rocksdb").resolve("owner-index"));

        TwoStepState.clear(app);

        assertThat(owners).doesNotExist();
        assertThat(app.resolve("0_5")).doesNotExist();
    }

    @Test
    void the_state_of_the_one_step_layout_and_a_missing_directory_are_left_alone() throws IOException {
        Path jobs = Files.createDirectories(app.resolve("0_3").resolve("rocksdb").resolve("jobs"));
        Files.createDirectories(app.resolve("0_3").resolve("rocksdb").resolve("owner-index"));

        TwoStepState.clear(app);
        TwoStepState.clear(app.resolve("absent"));

        assertThat(jobs).exists();
    }
}
