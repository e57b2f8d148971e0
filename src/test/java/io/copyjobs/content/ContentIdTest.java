package io.copyjobs.content;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContentIdTest {
    private static final String HEX = "ab".repeat(32);

    @Test
    void a_content_is_named_by_its_lower_case_sha256() {
        ContentId id = new ContentId(HEX);
        assertThat(id.key()).isEqualTo("sha256:" + HEX);
        assertThat(ContentId.ofSha256(HEX.toUpperCase())).contains(id);
        assertThat(ContentId.ofSha256(null)).isEmpty();
    }

    @Test
    void anything_but_64_lower_case_hex_digits_is_refused() {
        for (String bad : new String[]{null, "", HEX.substring(1), HEX + "a", HEX.toUpperCase(), "../" + HEX.substring(3),
                HEX.substring(1) + "g"}) {
            assertThat(ContentId.parse(bad)).as(bad).isEmpty();
            assertThatThrownBy(() -> new ContentId(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
