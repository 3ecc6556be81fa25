package dev.referly.commissions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FraudSignalsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", value = {
            "Ada@Example.com, ada@example.com",
            "  ada@example.com  , ada@example.com",
            "ada+promo@example.com, ada@example.com",
            "a.d.a@example.com, a.d.a@example.com",       // dots matter outside Gmail
            "A.D.A+x@gmail.com, ada@gmail.com",
            "ada.lovelace+a+b@googlemail.com, adalovelace@gmail.com",
            "+tag@example.com, null",
            "no-at-sign, null",
            "@example.com, null",
            "ada@, null",
            "null, null",
    })
    void normalizesToTheDeliveringMailbox(String email, String expected) {
        assertThat(FraudSignals.normalizeEmail(email)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "gmail.com, true, false",
            "Outlook.com, true, false",
            "proton.me, true, false",
            "acme.com, false, false",
            "mailinator.com, false, true",
            "eu.mailinator.com, false, true",
            "yopmail.com, false, true",
            "guerrillamail.com, false, true",
            "notmailinator.com, false, false",
            "com, false, false",
    })
    void domainLists(String domain, boolean isPublic, boolean disposable) {
        assertThat(FraudSignals.isPublicDomain(domain)).isEqualTo(isPublic);
        assertThat(FraudSignals.isDisposableDomain(domain)).isEqualTo(disposable);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", value = {
            "gclid=abc, true",
            "utm_source=x&fbclid=IwAR, true",
            "?msclkid=1, true",
            "ttclid=z&a=b, true",
            "li_fat_id=9, true",
            "TWCLID=9, true",
            "gclid=, false",
            "gclid, false",
            "utm_source=google, false",
            "ref=gclid, false",
            "'', false",
            "null, false",
            "%zz=1&gclid=ok, true",
    })
    void adClickIds(String query, boolean expected) {
        assertThat(FraudSignals.hasAdClickId(query)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} / {1} -> {4}")
    @CsvSource(nullValues = "null", delimiter = '|', value = {
            "ada@acme.com        | ada@acme.com        | false | null        | self_referral",
            "Ada+1@acme.com      | ada@ACME.com        | false | null        | self_referral",
            "a.da@gmail.com      | ada+p@googlemail.com| false | null        | self_referral",
            "bob@acme.com        | ada@acme.com        | false | null        | same_company_domain",
            "bob@gmail.com       | ada@gmail.com       | false | null        | ''",
            "bob@mailinator.com  | ada@acme.com        | false | null        | disposable_email",
            "bob@other.com       | ada@acme.com        | false | gclid=1     | paid_ad_click",
            "bob@other.com       | ada@acme.com        | true  | null        | partner_banned",
            "null                | ada@acme.com        | false | null        | ''",
            "bob@other.com       | null                | false | null        | ''",
            "ada@yopmail.com     | ada@yopmail.com     | true  | fbclid=2    | self_referral,disposable_email,paid_ad_click,partner_banned",
    })
    void holdReasons(String customer, String partner, boolean banned, String query, String expected) {
        List<String> want = expected.isEmpty() ? List.of() : Arrays.asList(expected.split(","));
        assertThat(FraudSignals.check(new FraudSignals.Evidence(customer, partner, banned, query))).isEqualTo(want);
    }
}
