package io.copyjobs.transfer;

import io.copyjobs.job.JobFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Complete and Cancel on real files. */
class CompleterTest {
    @TempDir
    Path jobDir;

    @Test
    void complete_renames_every_transferred_file_and_deletes_the_rest() throws Exception {
        part("a.bin", "all of a");
        part("sub/b.bin", "all of b");
        part("c.bin", "half of c");
        List<JobFile> files = List.of(file("a.bin", true), file("sub/b.bin", true), file("c.bin", false));

        Completer.Completion completion = Completer.complete(jobDir, files);

        assertThat(completion.kept()).containsExactly(0, 1);
        assertThat(completion.dropped()).containsExactly(2);
        assertThat(completion.partial()).isTrue();
        assertThat(jobDir.resolve("a.bin")).hasContent("all of a");
        assertThat(jobDir.resolve("sub/b.bin")).hasContent("all of b");
        try (var left = Files.walk(jobDir)) {
            assertThat(left.filter(Files::isRegularFile).map(p -> jobDir.relativize(p).toString()))
                    .containsExactlyInAnyOrder("a.bin", "sub/b.bin");
        }
    }

    @Test
    void complete_of_a_whole_job_is_not_partial_and_gives_the_same_answer_when_run_again() throws Exception {
        part("a.bin", "all of a");
        List<JobFile> files = List.of(file("a.bin", true));

        Completer.Completion first = Completer.complete(jobDir, files);
        Completer.Completion again = Completer.complete(jobDir, files);

        assertThat(first.partial()).isFalse();
        assertThat(again).isEqualTo(first);
        assertThat(jobDir.resolve("a.bin")).hasContent("all of a");
    }

    @Test
    void a_file_recorded_complete_whose_bytes_are_missing_is_dropped() throws Exception {
        Completer.Completion completion = Completer.complete(jobDir, List.of(file("gone.bin", true)));

        assertThat(completion.dropped()).containsExactly(0);
        assertThat(jobDir.resolve("gone.bin")).doesNotExist();
    }

    @Test
    void a_local_name_that_would_leave_the_job_directory_is_dropped_and_nothing_outside_is_touched() throws Exception {
        Path outside = Files.writeString(jobDir.resolveSibling(jobDir.getFileName() + "-x.part"), "not ours");

        Completer.Completion completion = Completer.complete(jobDir,
                List.of(file("../" + jobDir.getFileName() + "-x", true)));

        assertThat(completion.dropped()).containsExactly(0);
        assertThat(outside).hasContent("not ours");
        Files.delete(outside);
    }

    @Test
    void cancel_deletes_the_job_directory_with_its_temporary_files() throws Exception {
        part("a.bin", "half of a");
        part("sub/b.bin", "half of b");

        Completer.cancel(jobDir);
        Completer.cancel(jobDir);

        assertThat(jobDir).doesNotExist();
    }

    private void part(String localName, String content) throws Exception {
        Path part = jobDir.resolve(localName + ".part");
        Files.createDirectories(part.getParent());
        Files.writeString(part, content);
        Files.writeString(jobDir.resolve(localName + ".part.meta"), "\"etag\"");
    }

    private static JobFile file(String localName, boolean completed) {
        return new JobFile("https://example.com/" + localName, localName, null, 8, completed ? 8 : 4, completed, "n1", 0, 0, null);
    }
}
