package io.copyjobs;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PreloadTest {
    @Test
    void a_library_that_cannot_load_fails_the_start_with_its_cause() {
        UnsatisfiedLinkError cause = new UnsatisfiedLinkError("librocksdbjni.so: failed to map segment");

        assertThatThrownBy(() -> Preload.await(CompletableFuture.failedFuture(cause)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("failed to map segment").hasCause(cause);
    }
}
