package io.copyjobs.transfer;

import io.copyjobs.job.ErrorContext;
import io.copyjobs.job.TransferOptions;
import io.copyjobs.metrics.TransferMeters;
import io.copyjobs.secrets.SecretBox;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * Downloads one job file over HTTP(S) into {@code <jobDir>/<localName>.part}, resuming what an
 * earlier attempt left there (SPEC §8). Make one per node, with the node's shared client:
 *
 * <pre>{@code
 * DownloadSettings settings = DownloadSettings.from(config.transfer());
 * FileDownloader downloader = new FileDownloader(FileDownloader.newHttpClient(settings), settings, metrics.transfers(),
 *         secrets, config.transfer().maxBytesPerSecond());
 * DownloadResult result = downloader.download(FileTask.of(id, jobDir, i, file, job.options()), listener, stop::get);
 * }</pre>
 *
 * <p>{@link #download} blocks its (transfer) thread until the file is complete, fails or is
 * cancelled; it throws nothing but what the listener throws. One instance serves every transfer
 * thread of a node: it keeps no state between downloads but the bandwidth buckets they share. A
 * resume sends {@code Range: bytes=N-} with {@code If-Range} and the
 * validator recorded with the part file; an answer of 200 (the remote changed or ignores ranges), a
 * 206 that does not continue the part, or a missing part file starts the file again from 0. The
 * cancel signal is looked at every {@value Connector#TICK_MILLIS} ms and between buffers, so Suspend
 * and Cancel stop a transfer well within a second; the part file stays for a later resume. Every
 * connection and redirect hop passes the deny list first.
 */
public final class FileDownloader implements Fetcher {
    private final Connector connector;
    private final Bandwidth bandwidth;
    private final BodyReceiver receiver;
    private final TransferMeters meters;

    /**
     * @param meters  counts every byte as it arrives from the origin, and every transfer error
     * @param secrets opens the jobs' header values and credentials, for the requests only
     * @param maxBytesPerSecond the node's bandwidth limit ({@code COPYJOBS_MAX_BYTES_PER_SECOND}); 0: none
     */
    public FileDownloader(HttpClient client, DownloadSettings settings, TransferMeters meters, SecretBox secrets,
                          long maxBytesPerSecond) {
        SSLContext tls = OriginTls.context(settings.trust());
        ProxyRoutes routes = new ProxyRoutes(client, proxy -> Connector.newClient(settings.connectTimeout(), tls, proxy));
        this.connector = new Connector(routes, settings, secrets);
        this.bandwidth = new Bandwidth(maxBytesPerSecond, System::nanoTime);
        this.receiver = new BodyReceiver(settings, meters, bandwidth);
        this.meters = meters;
    }

    /**
     * The direct client to share among a node's downloads: it follows no redirects, {@link Connector}
     * does. The downloader makes one more, like it, per proxy route.
     */
    public static HttpClient newHttpClient(DownloadSettings settings) {
        return Connector.newClient(settings.connectTimeout(), OriginTls.context(settings.trust()),
                HttpClient.Builder.NO_PROXY);
    }

    /** Downloads from the file's URL, whatever the job: this node keeps nothing for it beyond its part file. */
    @Override
    public DownloadResult fetch(String job, FileTask task, ProgressListener listener, BooleanSupplier cancelled) {
        return download(task, listener, cancelled);
    }

    /** The throttle of a download of {@code task} that fetches from elsewhere than its URL (peers). */
    Bandwidth.Throttle throttle(FileTask task) {
        return bandwidth.open(task);
    }

    @Override
    public void limit(String job, TransferOptions options) {
        bandwidth.limit(job, options);
    }

    /**
     * Downloads the task's file into its part file.
     *
     * @param listener  receives the size and the bytes so far, paced (see {@link ProgressListener})
     * @param cancelled true once the download should stop (Suspend, Cancel, shutdown)
     * @return completed, failed (transient or fatal, with the job error) or cancelled
     */
    public DownloadResult download(FileTask task, ProgressListener listener, BooleanSupplier cancelled) {
        return download(task, listener, cancelled, PartHash::sha256Only);
    }

    /** {@link #download}, hashing the part file with what {@code hashes} makes (a content's pieces besides its SHA-256). */
    DownloadResult download(FileTask task, ProgressListener listener, BooleanSupplier cancelled, Supplier<PartHash> hashes) {
        Optional<PartFile> part = PartFile.of(task);
        if (part.isEmpty()) {
            return Failures.invalid("localName: '" + task.localName() + "' is no plain path inside the job directory",
                    ErrorContext.LOCAL_FILE, task.fileIndex()).result(0);
        }
        try {
            return fetch(new DownloadAttempt(task, part.get(), listener, cancelled, hashes), true);
        } catch (TransferStop stop) {
            DownloadResult result = stop.result(part.get().size());
            if (result instanceof DownloadResult.Failed failed) {
                meters.transferFailed(failed.error().code());
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DownloadResult.Cancelled(part.get().size());
        }
    }

    private DownloadResult fetch(DownloadAttempt attempt, boolean resume) throws TransferStop, InterruptedException {
        Optional<String> validator = resume ? attempt.part().resumeValidator() : Optional.empty();
        long offset = validator.isPresent() ? attempt.part().size() : 0;
        Map<String, String> headers = validator
                .map(v -> Map.of("Range", "bytes=" + offset + "-", "If-Range", v)).orElse(Map.of());
        HttpResponse<BodyChunks> response =
                connector.open(url(attempt.task()), headers, attempt.task().options(), attempt.cancelled(),
                        attempt.fileIndex());
        Optional<DownloadResult> result;
        try {
            result = answer(attempt, response, offset, validator);
        } finally {
            response.body().close();
        }
        return result.isPresent() ? result.get() : fetch(attempt, false);
    }

    /**
     * What the server's answer to a request from {@code offset} gives; empty when it does not
     * continue the part file (a 206 from elsewhere or of another version, a 416), so the file
     * starts again from 0.
     */
    private Optional<DownloadResult> answer(DownloadAttempt attempt, HttpResponse<BodyChunks> response, long offset,
                                            Optional<String> validator) throws TransferStop, InterruptedException {
        PartFile part = attempt.part();
        int status = response.statusCode();
        if (status == 200 && offset > 0 && attempt.task().sha256() != null) {
            // Another version by its validator, but the job names the content by its SHA-256: a new URL for the same
            // bytes (another mirror, a URL signed anew) carries on where the part file ends, the whole-file check judges.
            response.body().close();
            return Optional.of(resumeByDigest(attempt, offset));
        }
        if (status == 200) {
            return Optional.of(receive(attempt, response, attempt.restart(ResponseHeaders.validator(response))));
        }
        if (offset > 0 && status == 206 && ResponseHeaders.continues(response, offset, validator.orElseThrow())) {
            return Optional.of(receive(attempt, response, attempt.append(offset)));
        }
        if (offset > 0 && status == 416 && ResponseHeaders.unsatisfiedTotal(response) == offset) {
            return Optional.of(finish(attempt, offset, part.hashFirst(offset, attempt.hashes().get())));
        }
        if (offset > 0 && (status == 206 || status == 416)) {
            return Optional.empty();
        }
        throw Failures.status(status, response.uri(), attempt.fileIndex());
    }

    /**
     * Asks for the bytes after {@code offset} with {@code Range} alone. When they were not the same
     * content after all (the whole-file check fails), the file starts over from byte 0 once, rather
     * than fail the job for bytes an earlier URL sent.
     */
    private DownloadResult resumeByDigest(DownloadAttempt attempt, long offset) throws TransferStop, InterruptedException {
        HttpResponse<BodyChunks> response = connector.open(url(attempt.task()), Map.of("Range", "bytes=" + offset + "-"),
                attempt.task().options(), attempt.cancelled(), attempt.fileIndex());
        try {
            if (response.statusCode() == 200) {
                // a server that ignores ranges: the whole file, judged as ever
                return receive(attempt, response, attempt.restart(ResponseHeaders.validator(response)));
            }
            if (response.statusCode() == 206 && ResponseHeaders.startsAt(response, offset)) {
                return carryOn(attempt, response, offset);
            }
        } finally {
            response.body().close();
        }
        return fetch(attempt, false);
    }

    /** The bytes after {@code offset}, appended; empty when the whole turned out to be another content (discarded). */
    private DownloadResult carryOn(DownloadAttempt attempt, HttpResponse<BodyChunks> response, long offset)
            throws TransferStop, InterruptedException {
        try {
            attempt.part().record(ResponseHeaders.validator(response));
            return receive(attempt, response, attempt.append(offset));
        } catch (TransferStop stop) {
            if (!Failures.isChecksum(stop.result(0))) {
                throw stop;
            }
        }
        return fetch(attempt, false);
    }

    private DownloadResult receive(DownloadAttempt attempt, HttpResponse<BodyChunks> response, PartWriter writer)
            throws TransferStop, InterruptedException {
        PartWriter written = receiver.receive(attempt, response, writer);
        return finish(attempt, written.position(), written.hash());
    }

    private static DownloadResult finish(DownloadAttempt attempt, long bytes, PartHash hash) throws TransferStop {
        String sha256 = hash.sha256();
        String expected = attempt.task().sha256();
        if (expected != null && !expected.equalsIgnoreCase(sha256)) {
            // Kept, the bytes would resume as "complete" and fail again at every retry.
            attempt.part().discard();
            throw Failures.checksum(attempt.task().localName(), expected.toLowerCase(Locale.ROOT), sha256,
                    attempt.fileIndex());
        }
        return new DownloadResult.Completed(bytes, sha256);
    }

    /** The task's URL; JobRules let in only http(s) URLs with a host, but a download must not throw. */
    private static URI url(FileTask task) throws TransferStop {
        try {
            URI url = new URI(task.remoteUrl());
            if (Connector.usable(url)) {
                return url;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw Failures.invalid("remoteUrl: not an http(s) URL with a host", ErrorContext.REMOTE_FILE,
                task.fileIndex());
    }
}
