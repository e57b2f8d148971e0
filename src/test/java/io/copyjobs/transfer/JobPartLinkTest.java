package io.copyjobs.transfer;

import io.copyjobs.content.ContentId;
import io.copyjobs.content.ContentStore;
import io.copyjobs.content.StoredContent;
import io.copyjobs.metrics.TransferMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;

/** A shared file's bytes are visible in the job directory as they arrive, and a node taking the job over adopts them. */
class JobPartLinkTest {
    static final ContentStore.Listener NO_ONE = new ContentStore.Listener() {
        @Override
        public void finished(StoredContent content) {
        }

        @Override
        public void removed(ContentId id) {
        }
    };
    static final TransferMeters METERS = new TransferMeters(new SimpleMeterRegistry());
    static final ContentId ID = new ContentId("ab".repeat(32));

    @TempDir
    Path dir;

    static Path storePart(ContentStore store) {
        return PartFile.partPath(store.directory().resolve(ContentStore.partName(ID)));
    }

    @Test
    void the_job_s_part_file_is_the_store_s_part_with_its_validator_and_a_new_node_adopts_it() throws IOException {
        ContentStore first = ContentStore.open(dir.resolve("node1"), 1 << 30, NO_ONE, METERS);
        Path target = dir.resolve("files/alice/job/f.bin");
        Files.write(storePart(first), new byte[]{1, 2, 3});
        first.adoptValidator(ID, "\"v1\"");
        JobPartLink link = new JobPartLink(target, first, ID);
        link.follow();
        Files.write(storePart(first), new byte[]{1, 2, 3, 4}, StandardOpenOption.APPEND);
        assertThat(Files.readAllBytes(PartFile.partPath(target))).containsExactly(1, 2, 3, 1, 2, 3, 4);
        assertThat(Files.readString(PartFile.metaPath(target))).isEqualTo("\"v1\"");

        ContentStore second = ContentStore.open(dir.resolve("node2"), 1 << 30, NO_ONE, METERS);
        new JobPartLink(target, second, ID).adopt();
        assertThat(second.available(ID)).isEqualTo(7);
        assertThat(second.validator(ID)).contains("\"v1\"");

        link.drop();
        assertThat(PartFile.partPath(target)).doesNotExist();
        assertThat(first.available(ID)).isEqualTo(7);
    }
}
