package io.copyjobs.transfer;

import io.copyjobs.content.ContentId;
import io.copyjobs.content.ContentRecord;
import io.copyjobs.content.Fleet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How long one {@link ContentFlight} waits for the fleet before it goes to the origin itself: it
 * asks the content's seeder to seed (again every {@link #ASK_AGAIN}), and gives up on it once no
 * holder's bytes grew for {@link #PATIENCE}, at once when the seeder refuses, and soon when it
 * cannot be reached (the group gives its partition to another node within seconds).
 */
final class SeederWatch {
    private static final Logger LOG = LoggerFactory.getLogger(SeederWatch.class);
    /** Covers the seeder's own connect-and-headers wait for the origin (30 s) before the others give up on it. */
    static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration ASK_AGAIN = Duration.ofSeconds(5);
    private static final Duration UNREACHABLE_GRACE = Duration.ofSeconds(10);

    private final Flights flights;
    private final Fleet fleet;
    private final ContentId id;
    /** Also set by the answer to a seed request, on the peer client's thread. */
    private volatile long lastGrowth = System.nanoTime();
    /**
     * As if asked {@link #ASK_AGAIN} ago, so that the first look asks. (It was Long.MIN_VALUE:
     * {@code nanoTime() - MIN_VALUE} overflows to a negative, so a node that was not the seeder never
     * asked it, and waited out {@link #PATIENCE} before it went to the origin itself.)
     */
    private long lastAsk = System.nanoTime() - ASK_AGAIN.toNanos();
    private long seen = -1;
    /** What the seeder last answered a seed request, for the log line when waiting is over. */
    private volatile String lastAnswer = "not asked";
    private boolean toldGivingUp;

    SeederWatch(Flights flights, ContentId id) {
        this.flights = flights;
        this.fleet = flights.parts().fleet();
        this.id = id;
    }

    /** Counts any change in what the holders have as growth. */
    void note(List<ContentRecord> holders) {
        long now = holders.stream().mapToLong(h -> h.available() + 1).sum();
        if (now != seen) {
            seen = now;
            grew();
        }
    }

    /** This node's own bytes grew (from a peer). */
    void grew() {
        lastGrowth = System.nanoTime();
    }

    /** True once nothing grew for {@link #PATIENCE}. */
    boolean patienceOver() {
        return System.nanoTime() - lastGrowth > PATIENCE.toNanos();
    }

    /** True when this node should fetch from the origin: it is the seeder, the seeder is banned, or waiting is over. */
    boolean toOrigin() {
        Optional<String> seeder = fleet.seeder(id);
        if (patienceOver()) {
            if (!toldGivingUp) {
                // Single flight is given up here: why, so that a slow cold fetch can be explained from the log.
                toldGivingUp = true;
                LOG.info("content {}: no holder's bytes grew for {} s (seeder {}, its last answer {}); fetching from the origin",
                        id, PATIENCE.toSeconds(), seeder.orElse("unknown"), lastAnswer);
            }
            return true;
        }
        return seeder.isPresent() && (seeder.get().equals(fleet.self()) || flights.bans().banned(id, seeder.get()));
    }

    /** Asks the seeder to fetch {@code url}, at most every {@link #ASK_AGAIN}. */
    void askSeeder(String url) {
        Optional<String> seeder = fleet.seeder(id);
        if (seeder.isEmpty() || System.nanoTime() - lastAsk < ASK_AGAIN.toNanos()) {
            return;
        }
        lastAsk = System.nanoTime();
        flights.askToSeed(seeder.get(), id, url).thenAccept(answer -> {
            lastAnswer = answer + " from " + seeder.get();
            if (answer == Flights.SeedAnswer.REFUSED) {
                // It seeds nothing (its transfers are off): no point waiting for it.
                lastGrowth = Long.MIN_VALUE / 2;
            } else if (answer == Flights.SeedAnswer.UNREACHABLE) {
                // Dead or leaving: the group gives its partition to another node within seconds; wait that long only.
                lastGrowth = Math.min(lastGrowth, System.nanoTime() - PATIENCE.toNanos() + UNREACHABLE_GRACE.toNanos());
            }
        });
    }
}
