package dev.referly.rewards;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecurringRewardsTest {

    @ParameterizedTest(name = "duration {0}, first {1}, sale {2} -> {3}")
    @CsvSource(nullValues = "null", value = {
            // lifetime
            "null, null,                 2024-01-01T00:00:00Z, true",
            "null, 2020-01-01T00:00:00Z, 2030-01-01T00:00:00Z, true",
            // one-time: only the first sale commission
            "0,    null,                 2024-01-01T00:00:00Z, true",
            "0,    2024-01-01T00:00:00Z, 2024-01-01T00:00:01Z, false",
            "0,    2024-01-01T00:00:00Z, 2024-01-01T00:00:00Z, false",
            // N months from the first commission, end exclusive
            "12,   null,                 2024-01-01T00:00:00Z, true",
            "12,   2024-01-15T10:00:00Z, 2025-01-15T09:59:59.999Z, true",
            "12,   2024-01-15T10:00:00Z, 2025-01-15T10:00:00Z, false",
            "3,    2024-01-15T10:00:00Z, 2024-04-15T09:00:00Z, true",
            "3,    2024-01-15T10:00:00Z, 2024-06-01T00:00:00Z, false",
            // Jan 31 + 1 month is the last day of February (leap and common years)
            "1,    2024-01-31T12:00:00Z, 2024-02-29T11:59:59Z, true",
            "1,    2024-01-31T12:00:00Z, 2024-02-29T12:00:00Z, false",
            "1,    2023-01-31T12:00:00Z, 2023-02-28T11:59:59Z, true",
            "1,    2023-01-31T12:00:00Z, 2023-03-01T00:00:00Z, false",
            // months are calendar months in UTC: Mar 31 + 1 month = Apr 30
            "1,    2024-03-31T23:30:00Z, 2024-04-30T23:29:59Z, true",
            "1,    2024-03-31T23:30:00Z, 2024-04-30T23:30:00Z, false",
    })
    void paysWithinTheDuration(Integer maxDuration, String firstCommissionAt, String saleAt, boolean pays) {
        Long first = firstCommissionAt == null ? null : Instant.parse(firstCommissionAt).toEpochMilli();
        assertThat(RecurringRewards.pays(maxDuration, first, Instant.parse(saleAt).toEpochMilli())).isEqualTo(pays);
    }
}
