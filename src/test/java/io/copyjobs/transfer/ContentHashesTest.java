package io.copyjobs.transfer;

import io.copyjobs.content.ContentId;
import io.copyjobs.content.ContentStore;
import io.copyjobs.content.PieceHasher;
import io.copyjobs.content.PieceManifest;
import io.copyjobs.content.StoredContent;
import io.copyjobs.job.TransferOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An origin download into a content's part file hashes it whole and by piece as it writes, the
 * bytes it resumed after read back once: the hash the store's check takes in place of reading the
 * file again (a seeder hashed each byte three times, twice after reading the file back).
 */
class ContentHashesTest {
    @RegisterExtension
    final FileServer server = FileServer.on("127.0.0.1");
    @TempDir
    Path dir;

    @Test
    void a_download_resumed_after_a_dropped_connection_hashes_the_file_it_leaves_whole_and_by_piece() throws Exception {
        byte[] bytes = Downloads.randomBytes(3 * PieceManifest.PIECE + 4321, 5);
        String sha256 = Downloads.sha256(bytes);
        ContentId id = ContentId.ofSha256(sha256).orElseThrow();
        server.serve(bytes, "\"v1\"").dropOnceAfter(PieceManifest.PIECE + 777);
        ContentStore store = ContentStore.open(dir, 1L << 30, new ContentStore.Listener() {
            @Override
            public void finished(StoredContent content) {
            }

            @Override
            public void removed(ContentId removed) {
            }
        }, Downloads.meters());
        FileTask task = new FileTask(store.directory(), 0, server.url("/file").toString(), ContentStore.partName(id), sha256,
                TransferOptions.NONE);
        FileDownloader downloader = Downloads.downloader(Downloads.settings());
        AtomicInteger grew = new AtomicInteger();
        ContentHashes hashes = new ContentHashes(grew::incrementAndGet);

        DownloadResult dropped = downloader.download(task, (total, transferred) -> { }, () -> false, hashes);
        DownloadResult resumed = downloader.download(task, (total, transferred) -> { }, () -> false, hashes);

        assertThat(dropped).isInstanceOf(DownloadResult.Failed.class);
        assertThat(resumed).isInstanceOf(DownloadResult.Completed.class);
        assertThat(server.requests()).last().extracting(FileServer.Request::range).asString().startsWith("bytes=");
        PieceHasher hash = hashes.last().orElseThrow();
        assertThat(hash.wholeHex()).isEqualTo(sha256);
        store.written(id, hash);
        assertThat(store.finish(id).orElseThrow().manifest()).isEqualTo(manifestOf(bytes));
        // The seeder's advertising follows every MiB written, not the progress reports' two-second pace.
        assertThat(grew.get()).as("growth told").isEqualTo((int) (bytes.length / ContentHashes.GREW_BYTES));
    }

    private static PieceManifest manifestOf(byte[] bytes) throws Exception {
        List<String> pieces = new ArrayList<>();
        for (int at = 0; at < bytes.length; at += PieceManifest.PIECE) {
            MessageDigest piece = MessageDigest.getInstance("SHA-256");
            piece.update(bytes, at, Math.min(PieceManifest.PIECE, bytes.length - at));
            pieces.add(HexFormat.of().formatHex(piece.digest()));
        }
        return new PieceManifest(bytes.length, pieces);
    }
}
