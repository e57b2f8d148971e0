package io.copyjobs.transfer;

import io.copyjobs.config.Config;
import io.copyjobs.config.NodeProxy;
import io.copyjobs.config.TrustBundle;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits a {@link FileDownloader} works within. {@link #from(Config.Transfer)} gives a node's settings;
 * tests build their own (short stall timeout, a deny list that lets them reach loopback).
 *
 * @param maxFileBytes     a larger file stops with a fatal error ({@code COPYJOBS_MAX_FILE_BYTES})
 * @param deny             where no connection or redirect hop may go ({@code COPYJOBS_TRANSFER_DENY})
 * @param connectTimeout   how long connecting and waiting for the response headers may take
 * @param stallTimeout     how long the body may send nothing before the transfer counts as disconnected
 * @param progressInterval the time after which progress is reported again
 * @param progressBytes    the bytes after which progress is reported again, if sooner
 * @param trust            the CAs origins' certificates are checked against ({@code COPYJOBS_TRANSFER_CA_FILE})
 * @param proxy            the node's proxy for PRECONFIG jobs ({@code COPYJOBS_HTTP_PROXY}, {@code COPYJOBS_NO_PROXY})
 */
public record DownloadSettings(long maxFileBytes, AddressRules deny, Duration connectTimeout,
                               Duration stallTimeout, Duration progressInterval, long progressBytes,
                               TrustBundle trust, NodeProxy proxy) {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);
    /**
     * Each report is a transaction of its own in Kafka (the command, the job twice, its event, its
     * outcome and the commit markers, ~3 KB for a small job): every 2 s keeps one ordinary transfer
     * under 5 KB/s (bench/run.sh progress), within SPEC §8's "at most every second".
     */
    public static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(2);
    /**
     * No byte-count trigger: on a fast link a report per MiB would be a command per few
     * milliseconds, so a node reports at most every PROGRESS_INTERVAL.
     */
    public static final long PROGRESS_BYTES = Long.MAX_VALUE;

    public DownloadSettings {
        Objects.requireNonNull(deny, "deny");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(stallTimeout, "stallTimeout");
        Objects.requireNonNull(progressInterval, "progressInterval");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(proxy, "proxy");
    }

    /**
     * A node's settings: its size limit and deny list, and fixed timeouts and progress pace (at most
     * once a second, SPEC §8).
     *
     * @throws IllegalArgumentException when the deny list has an entry that cannot be read
     */
    public static DownloadSettings from(Config.Transfer transfer) {
        return new DownloadSettings(transfer.maxFileBytes(), AddressRules.parse(transfer.deny()),
                CONNECT_TIMEOUT, STALL_TIMEOUT, PROGRESS_INTERVAL, PROGRESS_BYTES, transfer.trust(), transfer.proxy());
    }
}
