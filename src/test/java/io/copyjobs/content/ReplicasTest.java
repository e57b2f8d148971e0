package io.copyjobs.content;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicasTest {
    static final ContentId ID = new ContentId("ab".repeat(32));
    static final List<ContentRecord> ONE_COPY = List.of(new ContentRecord("b:1", 600, 600, true, null, null));

    @Test
    void a_node_among_the_first_by_rendezvous_hashing_wants_a_content_short_of_copies() {
        Set<String> live = Set.of("a:1", "b:1");
        assertThat(new Replicas(2).wanted(ID, "a:1", live, ONE_COPY, 1000)).isTrue();
        assertThat(new Replicas(1).wanted(ID, "a:1", live, ONE_COPY, 1000)).isFalse();
        assertThat(new Replicas(2).wanted(ID, "a:1", live, List.of(), 1000)).isFalse();
    }

    @Test
    void a_copy_that_would_evict_another_content_is_not_wanted() {
        // The cache holds one content of 600 of its 1000 bytes: a second copy of this one would evict it,
        // leaving that one short of copies, to be fetched again, evicting this one, and so on.
        assertThat(new Replicas(2).wanted(ID, "a:1", Set.of("a:1", "b:1"), ONE_COPY, 400)).isFalse();
        assertThat(new Replicas(2).wanted(ID, "a:1", Set.of("a:1", "b:1"), ONE_COPY, 600)).isTrue();
    }
}
