package io.copyjobs.transfer;

import io.copyjobs.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The deny list's matching, on address literals so that no test depends on DNS. */
class AddressRulesTest {
    private static final AddressRules DEFAULTS = AddressRules.parse(Config.fromMap(Map.of()).transferDeny());

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.255.255.254", "[::1]", "169.254.169.254", "[fe80::1]",
            "[febf:ffff::1]", "[fd00:ec2::254]", "0.0.0.0", "[::]", "[::ffff:127.0.0.1]", "[::ffff:169.254.169.254]",
            "metadata.google.internal", "METADATA.Google.Internal.", "localhost"})
    void the_default_list_refuses_loopback_link_local_metadata_and_this_host(String host) throws Exception {
        assertThat(DEFAULTS.refusal(host)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "172.16.5.4", "192.168.1.1", "8.8.8.8", "128.0.0.1", "[fec0::1]",
            "[2001:db8::1]", "[fd00:ec2::253]"})
    void private_and_public_addresses_stay_allowed(String host) throws Exception {
        assertThat(DEFAULTS.refusal(host)).isEmpty();
    }

    @Test
    void a_block_matches_exactly_its_prefix_bits() throws Exception {
        AddressRules rules = AddressRules.parse(List.of("10.1.2.128/25", "2001:db8:ab00::/40"));

        assertThat(rules.refusal("10.1.2.128")).isPresent();
        assertThat(rules.refusal("10.1.2.255")).isPresent();
        assertThat(rules.refusal("10.1.2.127")).isEmpty();
        assertThat(rules.refusal("[2001:db8:abff::1]")).isPresent();
        assertThat(rules.refusal("[2001:db8:ac00::1]")).isEmpty();
    }

    @Test
    void a_bare_address_is_a_block_of_one_and_the_refusal_says_which_block() throws Exception {
        AddressRules rules = AddressRules.parse(List.of("127.0.0.1"));

        assertThat(rules.refusal("127.0.0.1")).get().asString().contains("127.0.0.1/32");
        assertThat(rules.refusal("127.0.0.2")).isEmpty();
    }

    @Test
    void an_empty_list_refuses_nothing() throws Exception {
        AddressRules none = AddressRules.parse(Config.fromMap(Map.of("COPYJOBS_TRANSFER_DENY", "none")).transferDeny());

        assertThat(none.refusal("127.0.0.1")).isEmpty();
        assertThat(none.refusal("[::1]")).isEmpty();
    }

    @Test
    void a_name_on_the_list_is_refused_before_any_lookup() throws Exception {
        AddressRules rules = AddressRules.parse(List.of("files.invalid"));

        assertThat(rules.refusal("FILES.invalid")).get().asString().contains("files.invalid");
        assertThatThrownBy(() -> rules.refusal("other.invalid")).isInstanceOf(UnknownHostException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "::1/129", "10.0.0.0/x", "1.2.3.400", "fe80:::1/10", "bad host", "a/b"})
    void an_entry_that_is_neither_a_block_nor_a_name_is_refused_with_the_setting_named(String entry) {
        assertThatThrownBy(() -> AddressRules.parse(List.of(entry)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("COPYJOBS_TRANSFER_DENY: ")
                .hasMessageContaining(entry);
    }
}
