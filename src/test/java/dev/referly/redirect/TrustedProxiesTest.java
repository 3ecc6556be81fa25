package dev.referly.redirect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrustedProxiesTest {
    private final TrustedProxies proxies = new TrustedProxies(List.of("127.0.0.0/8", "::1/128", "10.0.0.0/8"));

    @ParameterizedTest(name = "peer {0}, XFF {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "203.0.113.9 | NULL                       | 203.0.113.9",   // no proxy
            "203.0.113.9 | 1.2.3.4                    | 203.0.113.9",   // untrusted peer: XFF ignored
            "127.0.0.1   | 1.2.3.4                    | 1.2.3.4",
            "127.0.0.1   | 9.9.9.9, 1.2.3.4           | 1.2.3.4",       // right-most untrusted hop
            "127.0.0.1   | 9.9.9.9, 1.2.3.4, 10.1.1.1 | 1.2.3.4",       // skip our own proxies
            "10.2.3.4    | 5.6.7.8                    | 5.6.7.8",
            "127.0.0.1   | not-an-ip                  | 127.0.0.1",     // malformed: trust nothing
            "0:0:0:0:0:0:0:1 | 2001:db8::1            | 2001:db8::1",
            "127.0.0.1   | 10.0.0.1                   | 10.0.0.1",      // all trusted: the first hop
    })
    void believesForwardedForOnlyFromTrustedPeers(String peer, String forwardedFor, String expected) {
        assertThat(proxies.clientIp(peer, forwardedFor)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "1.2.3.4         | 1.2.3.4",
            "0.0.0.0         | 0.0.0.0",
            "255.255.255.255 | 255.255.255.255",
            "256.1.1.1       | NULL",
            "1.2.3           | NULL",
            "1.2.3.4.5       | NULL",
            "1..2.3          | NULL",
            "1.2.3.4.        | NULL",
            "1234.1.1.1      | NULL",
            "1.2.3.x         | NULL",
            "::1             | 0:0:0:0:0:0:0:1",
            "[2001:db8::1]   | 2001:db8:0:0:0:0:0:1",
            "example.com     | NULL",
    })
    void parsesAddressLiteralsWithoutDns(String text, String expected) throws Exception {
        byte[] parsed = TrustedProxies.literal(text);
        assertThat(parsed == null ? null : java.net.InetAddress.getByAddress(parsed).getHostAddress()).isEqualTo(expected);
    }
}
