package io.copyjobs;

import io.copyjobs.cluster.Peers;
import io.copyjobs.config.Config;
import io.copyjobs.content.ContentAdvertiser;
import io.copyjobs.content.ContentDirectory;
import io.copyjobs.content.ContentStore;
import io.copyjobs.content.Fleet;
import io.copyjobs.content.PeerFetch;
import io.copyjobs.metrics.TransferMeters;
import io.copyjobs.transfer.SharedDownloads;

import java.io.IOException;

/**
 * A node's share of the fleet's content cache (issue 17): its store, what it tells the content
 * topic, the reader of that topic, and the peer fetches. What a previous run verified is
 * advertised again at start, since the topic may have lost it meanwhile (a tombstone from a run
 * that deleted it and came back with it, say).
 */
record ContentAssembly(SharedDownloads.Parts parts, Closer resources) implements AutoCloseable {

    static ContentAssembly start(Config.Content content, KafkaAssembly kafka, Peers peers, Fleet fleet,
                                 TransferMeters meters) throws IOException {
        return Closer.starting(resources -> {
            ContentAdvertiser advertiser = new ContentAdvertiser(kafka.bus()::publish, kafka.topics().content, fleet.self());
            ContentAdvertiser.announce(kafka.bus()::publish, kafka.topics().content, fleet.self(), false);
            ContentStore store = ContentStore.open(content.cacheDir(), content.maxBytes(), advertiser, meters);
            Config.Kafka settings = kafka.settings();
            ContentDirectory directory = resources.push(new ContentDirectory(settings.clientProps(), settings.bootstrap(),
                    kafka.topics().content, fleet, store, advertiser));
            directory.start();
            store.all().forEach(advertiser::finished);
            return new ContentAssembly(new SharedDownloads.Parts(store, directory, advertiser, fleet,
                    new PeerFetch(peers, store, meters), peers, meters, content), resources);
        });
    }

    @Override
    public void close() {
        resources.close();
    }
}
