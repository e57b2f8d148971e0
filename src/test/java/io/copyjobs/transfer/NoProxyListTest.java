package io.copyjobs.transfer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Which hosts a bypass list sends direct: curl's NO_PROXY and BITS' bypass conventions. */
class NoProxyListTest {
    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "*                     | anything.example      | true",
            "example.com           | example.com           | true",
            "example.com           | www.EXAMPLE.com.      | true",
            "example.com           | notexample.com        | false",
            ".example.com          | example.com           | true",
            "*.example.com         | a.b.example.com       | true",
            "*.example.com         | example.org           | false",
            "<local>               | intranet              | true",
            "<local>               | intranet.corp         | false",
            "<local>               | [::1]                 | false",
            "10.0.0.0/8            | 10.1.2.3              | true",
            "10.0.0.0/8            | 11.1.2.3              | false",
            "10.0.0.0/8            | ten.example           | false",
            "::1                   | [::1]                 | true",
            "fd00::/8              | [fd12::1]             | true",
            "127.0.0.1             | [::ffff:127.0.0.1]    | true",
            "a.example,10.0.0.0/8  | b.example             | false"})
    void a_host_goes_direct_when_an_entry_lists_it(String entries, String host, boolean direct) {
        assertThat(NoProxyList.parse(Arrays.asList(entries.split(","))).bypasses(host)).isEqualTo(direct);
    }
}
