package io.copyjobs;

import io.copyjobs.cluster.Peers;
import io.copyjobs.config.Config;
import io.copyjobs.content.ContentAdvertiser;
import io.copyjobs.content.Fleet;
import io.copyjobs.content.HeldContents;
import io.copyjobs.content.Replicas;
import io.copyjobs.http.ContentRoutes;
import io.copyjobs.http.RouteGroup;
import io.copyjobs.metrics.TransferMeters;
import io.copyjobs.secrets.SecretBox;
import io.copyjobs.streams.JobWatcher;
import io.copyjobs.transfer.DownloadSettings;
import io.copyjobs.transfer.FileDownloader;
import io.copyjobs.transfer.FileJanitor;
import io.copyjobs.transfer.SharedDownloads;
import io.copyjobs.transfer.TransferEngine;

import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * A node's transfers (SPEC §8): the engine that downloads the files of the jobs its partitions
 * hold, through the fleet's content cache for files with a SHA-256, the content routes other
 * nodes fetch from, and the janitor that finishes the files of ended jobs. With
 * {@code COPYJOBS_MAX_TRANSFERS=0} there are none of them, and the steps tell no one of their jobs.
 *
 * @param watcher what the job step tells of the jobs it changes: the engine, or {@link JobWatcher#NONE}
 * @param fleet   who shares contents: to be bound to the node's placement once Streams exists
 * @param routes  the node-to-node content routes, for the HTTP server
 * @param held    what the fleet's content cache holds, for serving a finished file its node cannot
 */
record TransferAssembly(JobWatcher watcher, Fleet fleet, List<RouteGroup> routes, HeldContents held, Closer resources)
        implements AutoCloseable {

    /**
     * Starts the engine and the janitor of {@code node} (its placement name) unless transfers are
     * off; {@code secrets} opens the jobs' header values and credentials for their requests.
     */
    static TransferAssembly start(Config.Transfer transfer, Config.Content content, KafkaAssembly kafka, Peers peers,
                                  String node, TransferMeters meters, SecretBox secrets) throws IOException {
        return Closer.starting(resources -> {
            Fleet fleet = new Fleet(node);
            if (!transfer.enabled()) {
                // In the group all the same: the others must not make it a content's seeder.
                ContentAdvertiser.announce(kafka.bus()::publish, kafka.topics().content, node, true);
                return new TransferAssembly(JobWatcher.NONE, fleet, List.of(), HeldContents.NONE, resources);
            }
            DownloadSettings downloads = DownloadSettings.from(transfer);
            ContentAssembly cache = resources.push(ContentAssembly.start(content, kafka, peers, fleet, meters));
            SharedDownloads shared = resources.push(new SharedDownloads(cache.parts(),
                    new FileDownloader(FileDownloader.newHttpClient(downloads), downloads, meters,
                            secrets, transfer.maxBytesPerSecond()), new Replicas(content.copies())));
            TransferEngine engine = resources.push(new TransferEngine(kafka.bus(), shared, transfer.filesDir(), node,
                    transfer.maxTransfers(), Clock.systemUTC(), meters));
            Config.Kafka settings = kafka.settings();
            FileJanitor janitor = resources.push(new FileJanitor(settings.clientProps(), settings.bootstrap(),
                    settings.applicationId() + "-files-" + node, kafka.topics().jobs, transfer.filesDir(), engine));
            janitor.start();
            RouteGroup routes = new ContentRoutes(cache.parts().store(), shared, peers.proof());
            HeldContents held = HeldContents.of(cache.parts().store(), cache.parts().directory());
            return new TransferAssembly(engine, fleet, List.of(routes), held, resources);
        });
    }

    @Override
    public void close() {
        resources.close();
    }
}
