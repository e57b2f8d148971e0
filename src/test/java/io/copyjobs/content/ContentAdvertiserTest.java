package io.copyjobs.content;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a node writes to the content topic: growth at a modest pace, the manifest once verified, a tombstone once deleted. */
class ContentAdvertiserTest {
    record Sent(String key, ContentRecord value) {
    }

    final List<Sent> sent = new ArrayList<>();
    final ContentAdvertiser advertiser = new ContentAdvertiser((topic, key, value) -> sent.add(new Sent(key,
            value == null ? null : ContentAdvertiser.SERDE.deserializer().deserialize(topic, value))), "t.content", "n1:80");
    final ContentId id = new ContentId("ab".repeat(32));

    @Test
    void growth_is_written_every_4_MiB_not_per_buffer() {
        for (long bytes = 0; bytes <= 9L << 20; bytes += 64 * 1024) {
            advertiser.progress(id, 10L << 20, bytes, "\"v1\"");
        }
        // 0, 4 MiB and 8 MiB (unless a second passed on a slow machine, which adds one now and then).
        assertThat(sent).hasSizeBetween(3, 6);
        assertThat(sent.get(0)).isEqualTo(new Sent(id.hex() + "/n1:80", new ContentRecord("n1:80", 10L << 20, 0, false, null, "\"v1\"")));
    }

    /** The last bytes are told at once, whatever the pace: peers fetch them while this node's whole-file check runs. */
    @Test
    void the_last_bytes_are_written_at_once_and_once() {
        advertiser.progress(id, 10L << 20, 9L << 20, null);
        advertiser.progress(id, 10L << 20, 10L << 20, null);
        advertiser.progress(id, 10L << 20, 10L << 20, null);
        assertThat(sent).extracting(s -> s.value().available()).containsExactly(9L << 20, 10L << 20);
    }

    @Test
    void a_verified_content_carries_its_manifest_and_a_deleted_one_is_a_tombstone() {
        PieceManifest manifest = new PieceManifest(5, List.of("cd".repeat(32)));
        advertiser.finished(new StoredContent(id, null, 5, manifest));
        advertiser.removed(id);
        assertThat(sent).containsExactly(new Sent(id.hex() + "/n1:80", new ContentRecord("n1:80", 5, 5, true, manifest, null)),
                new Sent(id.hex() + "/n1:80", null));
    }
}
