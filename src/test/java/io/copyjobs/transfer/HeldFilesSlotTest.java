package io.copyjobs.transfer;

import io.copyjobs.job.Actor;
import io.copyjobs.job.Command;
import io.copyjobs.job.JobFile;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A job whose files the node holds already (a content in its cache: a hard link, no download)
 * takes no transfer slot: it is transferred while every slot is taken by a download.
 */
class HeldFilesSlotTest {
    static final Actor ALICE = new Actor("alice", false);
    @RegisterExtension
    final FileServer server = FileServer.on("127.0.0.1");
    @TempDir
    Path dir;
    final DriverBus bus = new DriverBus(Clock.systemUTC());
    final CountDownLatch downloadGoesOn = new CountDownLatch(1);
    TransferEngine engine;

    @AfterEach
    void stop() {
        downloadGoesOn.countDown();
        engine.close();
        bus.close();
    }

    @Test
    void a_job_whose_files_are_held_here_is_transferred_while_a_download_takes_the_only_slot() {
        server.serve(Downloads.randomBytes(64 * 1024, 3), "\"v1\"");
        FileDownloader downloader = Downloads.downloader(Downloads.settings());
        CountDownLatch downloading = new CountDownLatch(1);
        engine = new TransferEngine(bus, new Fetcher() {
            @Override
            public DownloadResult fetch(String job, FileTask task, ProgressListener listener, BooleanSupplier cancelled) {
                if (task.localName().equals("slow.bin")) {
                    downloading.countDown();
                    await().atMost(Duration.ofSeconds(60)).until(() -> downloadGoesOn.getCount() == 0);
                }
                return downloader.download(task, listener, cancelled);
            }

            @Override
            public boolean holds(JobFile file) {
                return file.localName().equals("held.bin");
            }

            @Override
            public Optional<DownloadResult> linkHeld(String job, FileTask task) {
                // The stand-in for a link from the cache: the file's bytes, from the test's origin.
                return Optional.of(downloader.download(task, (total, transferred) -> { }, () -> false));
            }
        }, dir.resolve("files"), "n1", 1, Clock.systemUTC(), Downloads.meters());
        bus.start(dir.resolve("data"), engine);
        JobId slow = create("slow");
        JobId held = create("held");

        bus.send(ALICE, slow, new Command.Resume());
        await().atMost(Duration.ofSeconds(20)).until(() -> downloading.getCount() == 0);
        bus.send(ALICE, held, new Command.Resume());

        // Without the change the held job waits for the slot, which the download keeps until the test ends.
        await().atMost(Duration.ofSeconds(20)).until(() -> state(held) == JobState.TRANSFERRED);
        assertThat(state(slow)).isEqualTo(JobState.CONNECTING);
    }

    /**
     * A job scheduled as held whose content went before its turn (evicted) downloads nothing on the
     * links thread: it waits for the one slot, which a download holds, and is downloaded in it after.
     */
    @Test
    void a_held_job_whose_content_went_waits_for_a_slot_instead_of_downloading_beside_it() {
        server.serve(Downloads.randomBytes(64 * 1024, 4), "\"v1\"");
        FileDownloader downloader = Downloads.downloader(Downloads.settings());
        CountDownLatch downloading = new CountDownLatch(1);
        AtomicBoolean gone = new AtomicBoolean();
        AtomicInteger fetching = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        engine = new TransferEngine(bus, new Fetcher() {
            @Override
            public DownloadResult fetch(String job, FileTask task, ProgressListener listener, BooleanSupplier cancelled) {
                mostAtOnce.accumulateAndGet(fetching.incrementAndGet(), Math::max);
                try {
                    if (task.localName().equals("slow.bin")) {
                        downloading.countDown();
                        await().atMost(Duration.ofSeconds(60)).until(() -> downloadGoesOn.getCount() == 0);
                    }
                    return downloader.download(task, listener, cancelled);
                } finally {
                    fetching.decrementAndGet();
                }
            }

            @Override
            public boolean holds(JobFile file) {
                return file.localName().equals("evicted.bin") && !gone.get();
            }

            @Override
            public Optional<DownloadResult> linkHeld(String job, FileTask task) {
                gone.set(true);
                return Optional.empty();
            }
        }, dir.resolve("files"), "n1", 1, Clock.systemUTC(), Downloads.meters());
        bus.start(dir.resolve("data"), engine);
        JobId slow = create("slow");
        JobId evicted = create("evicted");

        bus.send(ALICE, slow, new Command.Resume());
        await().atMost(Duration.ofSeconds(20)).until(() -> downloading.getCount() == 0);
        bus.send(ALICE, evicted, new Command.Resume());
        await().atMost(Duration.ofSeconds(20)).until(gone::get);

        // Without the change its transfer, on the links thread, downloads the file beside the slot's download.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(20)).until(() -> fetching.get() == 1);
        assertThat(state(evicted)).isNotEqualTo(JobState.TRANSFERRED);
        downloadGoesOn.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> state(evicted) == JobState.TRANSFERRED);
        assertThat(mostAtOnce.get()).as("downloads at once, with one slot").isEqualTo(1);
    }

    JobId create(String name) {
        return bus.createOneFile(ALICE, server.url("/file").toString(), name);
    }

    JobState state(JobId id) {
        return bus.state(id);
    }
}
