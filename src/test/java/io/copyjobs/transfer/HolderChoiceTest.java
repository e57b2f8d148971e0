package io.copyjobs.transfer;

import io.copyjobs.content.ContentId;
import io.copyjobs.content.ContentRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HolderChoiceTest {
    static final ContentId ID = ContentId.ofSha256("ab".repeat(32)).orElseThrow();
    static final long SIZE = 5_000_000;
    static final ContentRecord HONEST = new ContentRecord("a:1", SIZE, SIZE, true, null, null);
    static final ContentRecord FETCHING = new ContentRecord("b:1", SIZE, 1_000_000, false, null, null);

    @Test
    void a_holder_whose_size_is_not_the_complete_holder_s_is_not_believed() {
        // Another owner's job names this SHA-256 with a URL serving other bytes: its node advertises their length.
        ContentRecord shorter = new ContentRecord("c:1", 3_000_000, 3_000_000, false, null, null);
        ContentRecord longer = new ContentRecord("d:1", 9_000_000, 6_000_000, false, null, null);
        assertThat(HolderChoice.agreeing(List.of(shorter, HONEST, FETCHING, longer))).containsExactly(HONEST, FETCHING);
    }

    @Test
    void without_a_complete_holder_every_holder_counts() {
        ContentRecord other = new ContentRecord("c:1", 3_000_000, 3_000_000, false, null, null);
        assertThat(HolderChoice.agreeing(List.of(FETCHING, other))).containsExactly(FETCHING, other);
    }

    /** A holder that answers busy over and over (a check that never ends) parks the flight for a minute at most. */
    @Test
    void a_holder_busy_past_the_patience_is_no_longer_waited_for() {
        long[] now = {0};
        HolderChoice choice = new HolderChoice(null, new PeerBans(), ID, () -> now[0]);
        assertThat(choice.busy("a:1", Duration.ofSeconds(1))).isTrue();
        assertThat(choice.awaitingBusy()).isTrue();
        now[0] += HolderChoice.BUSY_PATIENCE.minusSeconds(1).toNanos();
        assertThat(choice.busy("a:1", Duration.ofSeconds(1))).isTrue();
        now[0] += Duration.ofSeconds(1).toNanos();
        assertThat(choice.busy("a:1", Duration.ofSeconds(1))).as("busy for the whole patience").isFalse();
        assertThat(choice.awaitingBusy()).isFalse();
    }

    /** The patience is for one stretch of busy answers: a holder that sent bytes meanwhile is waited for again. */
    @Test
    void a_holder_that_sent_bytes_since_it_was_busy_is_waited_for_again() {
        long[] now = {0};
        HolderChoice choice = new HolderChoice(null, new PeerBans(), ID, () -> now[0]);
        choice.busy("a:1", Duration.ofSeconds(1));
        now[0] += HolderChoice.BUSY_PATIENCE.toNanos();
        choice.contributed("a:1");
        assertThat(choice.busy("a:1", Duration.ofSeconds(1))).isTrue();
        assertThat(choice.awaitingBusy()).isTrue();
    }
}
