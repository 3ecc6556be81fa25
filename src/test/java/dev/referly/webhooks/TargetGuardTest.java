package dev.referly.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetGuardTest {

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, true",
            "127.8.9.10, true",
            "10.1.2.3, true",
            "172.16.0.1, true",
            "172.31.255.255, true",
            "172.32.0.1, false",
            "192.168.1.1, true",
            "169.254.169.254, true",
            "100.64.0.1, true",
            "100.128.0.1, false",
            "0.0.0.0, true",
            "224.0.0.1, true",
            "255.255.255.255, true",
            "8.8.8.8, false",
            "93.184.216.34, false",
            "::1, true",
            "::, true",
            "fe80::1, true",
            "fc00::1, true",
            "fd12:3456::1, true",
            "::ffff:10.0.0.1, true",
            "::ffff:8.8.8.8, false",
            "2001:4860:4860::8888, false",
    })
    void internalAddressesAreRecognized(String address, boolean internal) throws Exception {
        assertThat(TargetGuard.isInternal(InetAddress.getByName(address))).isEqualTo(internal);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            http://127.0.0.1:9/hook        | false | resolves to a private
            http://localhost/hook          | false | resolves to a private
            http://[::1]:8080/hook         | false | resolves to a private
            http://169.254.169.254/latest  | false | resolves to a private
            http://10.0.0.5/hook           | false | resolves to a private
            http://127.0.0.1:9/hook        | true  |
            http://[::1]:8080/hook         | true  |
            ftp://example.com/hook         | true  | must be an http or https URL
            https:///nohost                | true  | must be an http or https URL
            not a url                      | true  | must be an http or https URL
            https://user:pw@example.com/x  | true  | must not contain credentials
            https://93.184.216.34/hook     | false |
            """)
    void privateTargetsAreRefusedUnlessAllowed(String url, boolean allowPrivate, String problem) {
        String found = new TargetGuard(allowPrivate).problem(url);
        if (problem == null) {
            assertThat(found).isNull();
        } else {
            assertThat(found).contains(problem);
        }
    }
}
