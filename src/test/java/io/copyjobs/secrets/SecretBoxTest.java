package io.copyjobs.secrets;

import io.copyjobs.job.Secret;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretBoxTest {
    private static final byte[] SHARED = "a node secret of at least 32 bytes!".getBytes(StandardCharsets.UTF_8);

    @Test
    void a_sealed_secret_opens_with_the_same_key_only() throws Exception {
        SecretBox box = SecretBox.derivedFrom(SHARED);
        Secret sealed = box.seal(Secret.plain("hunter2"));

        assertThat(sealed.isSealed()).isTrue();
        assertThat(sealed.box()).startsWith("cjs1.").doesNotContain("hunter2");
        assertThat(SecretBox.derivedFrom(SHARED).open(sealed)).isEqualTo("hunter2");
        assertThatThrownBy(() -> SecretBox.withKey(new byte[32]).open(sealed))
                .isInstanceOf(SecretBox.UnreadableSecretException.class).hasMessageContaining("another key");
    }

    @Test
    void each_sealing_differs_and_a_changed_box_is_refused() {
        SecretBox box = SecretBox.derivedFrom(SHARED);
        Secret a = box.seal(Secret.plain("same"));
        Secret b = box.seal(Secret.plain("same"));
        assertThat(a.box()).isNotEqualTo(b.box());

        // A character in the middle: the last one of unpadded base64 may carry bits the decoder drops.
        char[] text = a.box().toCharArray();
        int at = text.length / 2;
        text[at] = text[at] == 'A' ? 'B' : 'A';
        assertThatThrownBy(() -> box.open(Secret.sealed(new String(text))))
                .isInstanceOf(SecretBox.UnreadableSecretException.class);
        assertThatThrownBy(() -> box.open(Secret.sealed("plain text")))
                .isInstanceOf(SecretBox.UnreadableSecretException.class);
    }

    @Test
    void a_secret_never_shows_its_value_and_a_plain_one_cannot_be_written() {
        Secret plain = Secret.plain("hunter2");
        assertThat(plain).hasToString("***");
        assertThatThrownBy(plain::box).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Secret.sealed("cjs1.x").plainText()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_derived_key_is_not_the_shared_secret_itself() throws Exception {
        Secret sealed = SecretBox.derivedFrom(new byte[32]).seal(Secret.plain("v"));
        assertThatThrownBy(() -> SecretBox.withKey(new byte[32]).open(sealed))
                .isInstanceOf(SecretBox.UnreadableSecretException.class);
    }
}
