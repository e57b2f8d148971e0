package io.copyjobs.transfer;

import io.copyjobs.content.ContentId;
import io.copyjobs.content.ContentStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Keeps a shared file's part file in the job directory one with its content's part file in the
 * store while it arrives (a hard link, the origin's validator beside it), as a plain download's
 * would be: a node that takes the job over through a shared files directory (SPEC §8) finds those
 * bytes, and its store adopts them, so the file resumes rather than starting again.
 */
final class JobPartLink {
    private final ContentStore store;
    private final ContentId id;
    private final Path jobPart;
    private final Path jobMeta;
    private final Path storePart;
    private final Path storeMeta;
    private boolean linked;

    JobPartLink(Path target, ContentStore store, ContentId id) {
        this.store = store;
        this.id = id;
        this.jobPart = PartFile.partPath(target);
        this.jobMeta = PartFile.metaPath(target);
        Path inStore = store.directory().resolve(ContentStore.partName(id));
        this.storePart = PartFile.partPath(inStore);
        this.storeMeta = PartFile.metaPath(inStore);
    }

    /** Bytes of the job's part file that the store lacks (another node wrote them) become the store's part. */
    void adopt() {
        try {
            if (store.holds(id) || !Files.isRegularFile(jobPart) || Files.size(jobPart) == 0) {
                return;
            }
            linkOrCopy(storePart, jobPart);
            if (Files.exists(jobMeta)) {
                Files.copy(jobMeta, storeMeta, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // Then the bytes come from the fleet or the origin again.
        }
    }

    /** Once the store's part exists: the job's part file is it, with its validator beside it. */
    void follow() {
        try {
            if (!linked && Files.exists(storePart)) {
                linked = true;
                if (!Files.exists(jobPart) || !Files.isSameFile(jobPart, storePart)) {
                    Files.createDirectories(jobPart.getParent());
                    Files.deleteIfExists(jobPart);
                    Files.createLink(jobPart, storePart);
                }
            }
            if (linked && !Files.exists(jobMeta) && Files.exists(storeMeta)) {
                Files.copy(storeMeta, jobMeta);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // Another file system: a node taking the job over fetches from the fleet instead.
        }
    }

    /** Bytes that failed their check (or became the content) must not be adopted again. */
    void drop() {
        for (Path p : new Path[]{jobPart, jobMeta}) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // Complete and Cancel delete it again
            }
        }
    }

    /** {@code link} as a hard link to {@code existing}, or a copy where the file system will not link. */
    static void linkOrCopy(Path link, Path existing) throws IOException {
        Files.deleteIfExists(link);
        try {
            Files.createLink(link, existing);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(existing, link, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
