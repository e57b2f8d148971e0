package io.copyjobs.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** COPYJOBS_TRANSFER_CA_FILE and _CA_MODE: every bad value stops the node at start-up, naming the setting. */
class TrustBundleTest {
    @TempDir
    Path dir;

    @Test
    void without_a_file_the_jdk_cas_are_trusted() {
        assertThat(Config.fromMap(Map.of()).transfer().trust()).isEqualTo(TrustBundle.JDK);
    }

    @Test
    void a_missing_file_is_named() {
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(() -> Config.fromMap(Map.of(TrustBundle.FILE, missing.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("COPYJOBS_TRANSFER_CA_FILE: " + missing + " is missing or not a readable file");
    }

    @Test
    void a_file_without_pem_certificates_is_refused() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        assertThatThrownBy(() -> Config.fromMap(Map.of(TrustBundle.FILE, junk.toString())))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("COPYJOBS_TRANSFER_CA_FILE: " + junk);
        assertThatThrownBy(() -> Config.fromMap(Map.of(TrustBundle.FILE, empty.toString())))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("COPYJOBS_TRANSFER_CA_FILE: " + empty);
    }

    @Test
    void the_mode_is_add_or_replace_and_replace_needs_a_file() {
        assertThatThrownBy(() -> Config.fromMap(Map.of(TrustBundle.MODE, "merge")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("COPYJOBS_TRANSFER_CA_MODE: must be add or replace, not 'merge'");
        assertThatThrownBy(() -> Config.fromMap(Map.of(TrustBundle.MODE, "REPLACE")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("COPYJOBS_TRANSFER_CA_MODE: replace needs");
    }
}
