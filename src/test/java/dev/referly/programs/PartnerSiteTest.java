package dev.referly.programs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PartnerSiteTest {

    @ParameterizedTest(name = "{0} vs {1}")
    @CsvSource({
        "acme.com, acme.com, true",
        "app.acme.com, acme.com, true",
        "acme.com, shop.acme.com, true",
        "evilacme.com, acme.com, false",
        "acme.com.evil.io, acme.com, false",
        "other.io, acme.com, false",
    })
    void aPartnerLinkMustStayOnTheProgramsSite(String host, String programHost, boolean same) {
        assertThat(PartnerLinks.sameSite(host, programHost)).isEqualTo(same);
    }
}
