package io.copyjobs.transfer;

import io.copyjobs.job.JobId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a job's files go, whatever its owner is called and whatever its local names say. */
class JobDirectoryTest {
    private static final Path FILES = Path.of("/srv/copyjobs/files");
    private static final JobId JOB = new JobId(UUID.fromString("5ce34c0d-1b2a-4c3d-8e4f-0123456789ab"));

    @Test
    void a_plain_owner_names_its_directory_as_it_is() {
        assertThat(JobDirectory.of(FILES, "svc-backup@example.com", JOB))
                .isEqualTo(FILES.resolve("svc-backup@example.com/5ce34c0d-1b2a-4c3d-8e4f-0123456789ab"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "../../etc", "a/b", "/root", "a\\b", "名前", "x y", "%2e%2e", "~x"})
    void any_other_owner_becomes_one_encoded_segment_under_the_files_directory(String owner) {
        Path dir = JobDirectory.of(FILES, owner, JOB);

        assertThat(dir.getParent().getParent()).isEqualTo(FILES);
        assertThat(dir.getParent().getFileName().toString()).matches("[A-Za-z0-9_@%-]+");
    }

    @Test
    void different_owners_never_share_a_directory() {
        assertThat(JobDirectory.ownerSegment("a b")).isNotEqualTo(JobDirectory.ownerSegment("a%20b"));
        assertThat(JobDirectory.ownerSegment("..")).isEqualTo("%2E%2E");
    }

    @Test
    void an_owner_too_long_for_a_file_name_is_hashed() {
        String segment = JobDirectory.ownerSegment("x".repeat(300));

        assertThat(segment).hasSize(65).startsWith("~");
        assertThat(segment).isNotEqualTo(JobDirectory.ownerSegment("x".repeat(301)));
    }

    @Test
    void a_plain_relative_local_name_resolves_inside_the_job_directory() {
        Path jobDir = JobDirectory.of(FILES, "alice", JOB);

        assertThat(JobDirectory.resolve(jobDir, "sub/dir/a.bin")).contains(jobDir.resolve("sub/dir/a.bin"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../a", "sub/../../a", "/etc/passwd", "C:/x", "a\\..\\b", "./a", "", "a\u0000b"})
    void a_local_name_that_could_leave_the_job_directory_resolves_to_nothing(String name) {
        assertThat(JobDirectory.resolve(JobDirectory.of(FILES, "alice", JOB), name)).isEmpty();
    }
}
