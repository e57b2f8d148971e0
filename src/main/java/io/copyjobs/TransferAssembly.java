package io.copyjobs;

import io.copyjobs.config.Config;
import io.copyjobs.metrics.TransferMeters;
import io.copyjobs.streams.JobWatcher;
import io.copyjobs.transfer.DownloadSettings;
import io.copyjobs.transfer.FileDownloader;
import io.copyjobs.transfer.FileJanitor;
import io.copyjobs.transfer.TransferEngine;

import java.io.IOException;
import java.time.Clock;

/**
 * A node's transfers (SPEC §8): the engine that downloads the files of the jobs its partitions
 * hold, and the janitor that finishes the files of ended jobs. With {@code COPYJOBS_MAX_TRANSFERS=0}
 * there are neither, and the steps tell no one of their jobs.
 *
 * @param watcher what the job step tells of the jobs it changes: the engine, or {@link JobWatcher#NONE}
 */
record TransferAssembly(JobWatcher watcher, Closer resources) implements AutoCloseable {

    /** Starts the engine and the janitor of {@code node} (its placement name) unless transfers are off. */
    static TransferAssembly start(Config.Transfer transfer, KafkaAssembly kafka, String node, TransferMeters meters)
            throws IOException {
        return Closer.starting(resources -> {
            if (!transfer.enabled()) {
                return new TransferAssembly(JobWatcher.NONE, resources);
            }
            DownloadSettings downloads = DownloadSettings.from(transfer);
            TransferEngine engine = resources.push(new TransferEngine(kafka.bus(),
                    new FileDownloader(FileDownloader.newHttpClient(downloads), downloads, meters), transfer.filesDir(), node,
                    transfer.maxTransfers(), Clock.systemUTC()));
            Config.Kafka settings = kafka.settings();
            FileJanitor janitor = resources.push(new FileJanitor(settings.clientProps(), settings.bootstrap(),
                    settings.applicationId() + "-files-" + node, kafka.topics().jobs, transfer.filesDir(), engine));
            janitor.start();
            return new TransferAssembly(engine, resources);
        });
    }

    @Override
    public void close() {
        resources.close();
    }
}
