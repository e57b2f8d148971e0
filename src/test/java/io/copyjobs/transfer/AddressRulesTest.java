package io.copyjobs.transfer;

import io.copyjobs.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The deny list's matching, on address literals so that no test depends on DNS. */
class AddressRulesTest {
    private static final AddressRules DEFAULTS = AddressRules.parse(Config.fromMap(Map.of()).transfer().deny());

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.255.255.254", "[::1]", "169.254.169.254", "[fe80::1]",
            "[febf:ffff::1]", "[fd00:ec2::254]", "0.0.0.0", "[::]", "[::ffff:127.0.0.1]", "[::ffff:169.254.169.254]",
            "metadata.google.internal", "METADATA.Google.Internal.", "localhost"})
    void the_default_list_refuses_loopback_link_local_metadata_and_this_host(String host) throws Exception {
        assertThat(DEFAULTS.refusal(host)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"100.100.100.200", "192.0.0.192", "168.63.129.16", "[fd00:ec2::23]", "[fd20:ce::254]",
            "[fd00:c1::a9fe:a9fe]", "[fd00:42::42]", "[fd00:a9fe:a9fe::1]"})
    void the_default_list_refuses_the_metadata_endpoints_clouds_keep_outside_link_local(String host) throws Exception {
        assertThat(DEFAULTS.refusal(host)).isPresent();
    }

    /** 169.254.169.254, 100.100.100.200, 192.0.0.192 and 127.0.0.1 as other spellings and embeddings write them. */
    @ParameterizedTest
    @ValueSource(strings = {"2852039166", "1684301000", "3221225664", "2130706433",
            "[::ffff:a9fe:a9fe]", "[::ffff:100.100.100.200]", "[0:0:0:0:0:ffff:c000:c0]",
            "[::a9fe:a9fe]", "[::ffff:0:6464:64c8]",
            "[64:ff9b::a9fe:a9fe]", "[64:ff9b::100.100.100.200]", "[64:ff9b::c000:c0]", "[64:ff9b::7f00:1]",
            "[2002:a9fe:a9fe::]", "[2002:6464:64c8::1]", "[2002:c000:c0:1::]", "[2002:7f00:1::]",
            "[2001:0:4136:e378:8000:63bf:5601:5601]", "[2001::9b9b:9b37]"})
    void an_address_is_refused_in_every_spelling_and_inside_every_ipv6_form_that_carries_it(String host)
            throws Exception {
        assertThat(DEFAULTS.refusal(host)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0251.0376.0251.0376", "0xa9.0xfe.0xa9.0xfe", "0xa9fea9fe"})
    void octal_and_hex_spellings_are_no_address_to_the_jvm_so_they_reach_nothing(String host) {
        // The HTTP client resolves names with the same InetAddress, so it cannot connect to them either.
        assertThatThrownBy(() -> DEFAULTS.refusal(host)).isInstanceOf(UnknownHostException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "172.16.5.4", "192.168.1.1", "8.8.8.8", "128.0.0.1", "[fec0::1]",
            "[2001:db8::1]", "[fd00:ec2::253]", "100.100.100.201", "192.0.0.193", "[64:ff9b::808:808]",
            "[2002:808:808::1]", "[2001::f7f7:f7f7]", "[::ffff:8.8.8.8]"})
    void private_and_public_addresses_stay_allowed(String host) throws Exception {
        assertThat(DEFAULTS.refusal(host)).isEmpty();
    }

    @Test
    void an_ipv4_block_also_refuses_the_ipv6_forms_of_its_addresses() throws Exception {
        AddressRules rules = AddressRules.parse(List.of("10.0.0.0/8"));

        assertThat(rules.refusal("[64:ff9b::a01:203]")).get().asString()
                .contains("64:ff9b:0:0:0:0:a01:203").contains("10.0.0.0/8");
        assertThat(rules.refusal("[2002:a01:203::]")).isPresent();
        assertThat(rules.refusal("[64:ff9b::b01:203]")).isEmpty();
    }

    @Test
    void self_stands_for_every_address_the_node_has_and_only_those() throws Exception {
        List<InetAddress> own = List.of(InetAddress.getByName("192.0.2.7"), InetAddress.getByName("fd00::7"));
        AddressRules rules = AddressRules.parse(List.of("SELF"), () -> own);

        assertThat(rules.refusal("192.0.2.7")).get().asString().contains("192.0.2.7").contains("an address of this node");
        assertThat(rules.refusal("[fd00::7]")).isPresent();
        assertThat(rules.refusal("[::ffff:192.0.2.7]")).isPresent();
        assertThat(rules.refusal("[64:ff9b::c000:207]")).isPresent();
        assertThat(rules.refusal("192.0.2.8")).isEmpty();
        assertThat(rules.refusal("[fd00::8]")).isEmpty();
    }

    @Test
    void the_default_list_refuses_every_address_of_this_machine_s_interfaces() throws Exception {
        List<InetAddress> own = NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses).toList();

        assertThat(own).isNotEmpty();
        for (InetAddress address : own) {
            String literal = address.getHostAddress().replaceFirst("%.*", "");
            String host = literal.contains(":") ? "[" + literal + "]" : literal;
            assertThat(DEFAULTS.refusal(host)).as(host).isPresent();
        }
    }

    @Test
    void the_default_list_without_self_lets_the_node_s_own_addresses_through_again() throws Exception {
        InetAddress lan = InetAddress.getByName("192.0.2.7");
        List<String> withoutSelf = Config.fromMap(Map.of("COPYJOBS_TRANSFER_DENY",
                Config.DEFAULT_TRANSFER_DENY.replace(",self,", ","))).transfer().deny();

        assertThat(AddressRules.parse(Config.fromMap(Map.of()).transfer().deny(), () -> List.of(lan)).refusal("192.0.2.7"))
                .isPresent();
        assertThat(AddressRules.parse(withoutSelf, () -> List.of(lan)).refusal("192.0.2.7")).isEmpty();
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
        AddressRules none = AddressRules.parse(Config.fromMap(Map.of("COPYJOBS_TRANSFER_DENY", "none")).transfer().deny());

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
