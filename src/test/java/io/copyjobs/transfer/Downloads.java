package io.copyjobs.transfer;

import io.copyjobs.config.NodeProxy;
import io.copyjobs.config.TrustBundle;
import io.copyjobs.job.FileSpec;
import io.copyjobs.job.JobFile;
import io.copyjobs.job.TransferOptions;
import io.copyjobs.metrics.TransferMeters;
import io.copyjobs.secrets.SecretBox;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * What the transfer tests share: settings that let them reach loopback, one HTTP client, random
 * content, and a progress listener that keeps every report with the time it came.
 */
final class Downloads {
    static final HttpClient CLIENT = FileDownloader.newHttpClient(settings());
    /** What the tests' downloads open secrets with; a test that seals one uses it too. */
    static final SecretBox SECRETS = SecretBox.derivedFrom(new byte[32]);

    private Downloads() {
    }

    /** A byte trigger for the throttle tests; nodes themselves report by time only. */
    static final long PROGRESS_BYTES = 1L << 20;

    /** Settings with no deny list, a 2 s stall timeout and a progress pace of 1 s or 1 MiB. */
    static DownloadSettings settings() {
        return settings(AddressRules.parse(List.of()), 1L << 30);
    }

    static DownloadSettings settings(AddressRules deny, long maxFileBytes) {
        return new DownloadSettings(maxFileBytes, deny, Duration.ofSeconds(5), Duration.ofSeconds(2),
                DownloadSettings.PROGRESS_INTERVAL, PROGRESS_BYTES, TrustBundle.JDK, NodeProxy.NONE);
    }

    static FileDownloader downloader(DownloadSettings settings) {
        return downloader(settings, meters());
    }

    /** Meters of their own, for a test that does not read them. */
    static TransferMeters meters() {
        return new TransferMeters(new SimpleMeterRegistry());
    }

    static FileDownloader downloader(DownloadSettings settings, TransferMeters meters) {
        return new FileDownloader(CLIENT, settings, meters, SECRETS, 0);
    }

    /** File 0 of a job, as the job records it, to be saved as {@code data/file.bin}. */
    static FileTask task(Path jobDir, URI url, String sha256) {
        return FileTask.of("job", jobDir, 0, JobFile.added(new FileSpec(url.toString(), "data/file.bin", sha256)), TransferOptions.NONE);
    }

    static DownloadResult download(FileDownloader downloader, FileTask task) {
        return downloader.download(task, new Reports(), () -> false);
    }

    static DownloadResult download(FileDownloader downloader, FileTask task, BooleanSupplier cancelled) {
        return downloader.download(task, new Reports(), cancelled);
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) {
        MessageDigest digest = Sha256.newDigest();
        digest.update(bytes);
        return Sha256.hex(digest);
    }

    static Path partOf(FileTask task) {
        return task.jobDir().resolve(task.localName() + ".part");
    }

    /** A progress listener that keeps every report. */
    static final class Reports implements ProgressListener {
        final List<Report> all = new CopyOnWriteArrayList<>();

        @Override
        public void progress(long bytesTotal, long bytesTransferred) {
            all.add(new Report(bytesTotal, bytesTransferred, System.nanoTime()));
        }
    }

    record Report(long total, long transferred, long nanos) {
    }
}
