package dev.referly.credits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReferralAbuseTest {

    /** referee ext id, referrer tenant, referee email, referrer email, referee ip, referrer ip, recent signups, expected reasons. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "u2 | u1 | bob@example.org     | alice@gmail.com      | -  | -  | 0 | -",
        "u1 | u1 | bob@example.org     | alice@gmail.com      | -  | -  | 0 | self_referral",
        "u2 | u1 | a.lice+x@gmail.com  | alice@gmail.com      | -  | -  | 0 | self_referral",
        "u2 | u1 | bob@acme.io         | alice@acme.io        | -  | -  | 0 | same_company_domain",
        "u2 | u1 | bob@gmail.com       | alice@gmail.com      | -  | -  | 0 | -",
        "u2 | u1 | bob@mailinator.com  | alice@gmail.com      | -  | -  | 0 | disposable_email",
        "u2 | u1 | bob@example.org     | alice@gmail.com      | h1 | h1 | 0 | self_referral_ip",
        "u2 | u1 | bob@example.org     | alice@gmail.com      | h2 | h1 | 0 | -",
        "u2 | u1 | bob@example.org     | alice@gmail.com      | h2 | h1 | 4 | -",
        "u2 | u1 | bob@example.org     | alice@gmail.com      | h2 | h1 | 5 | burst",
        "u2 | u1 | bob@example.org     | alice@gmail.com      | -  | -  | 9 | -",
        "u2 | -  | -                   | -                    | -  | -  | 0 | -",
    })
    void rules(String refereeId, String tenant, String refereeEmail, String referrerEmail, String refereeIp,
            String referrerIp, int recent, String expected) {
        List<String> reasons = ReferralAbuse.check(new ReferralAbuse.Evidence(refereeId, tenant, refereeEmail,
                referrerEmail, refereeIp, referrerIp == null ? Set.of() : Set.of(referrerIp), recent, 5));
        assertThat(reasons).isEqualTo(expected == null ? List.of() : Arrays.asList(expected.split(",")));
    }
}
