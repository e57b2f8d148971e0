package io.copyjobs.transfer;

import io.copyjobs.content.ContentRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HolderChoiceTest {
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
}
