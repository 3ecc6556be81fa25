package dev.referly.commissions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LedgerArithmeticTest {

    @ParameterizedTest(name = "{0} x {1}/{2} {3} = {4}")
    @CsvSource({
            "1000, 3333, 10000, usd, 333",     // 333.3
            "1000, 5000, 10000, usd, 500",
            "1, 1, 2, usd, 1",                 // 0.5 rounds half-up
            "3, 1, 2, usd, 2",                 // 1.5 -> 2
            "-3, 1, 2, usd, -2",               // away from zero, as Money.of
            "999, 1, 3, usd, 333",
            "1000, 1, 3, usd, 333",            // 333.33
            "1001, 1, 2, usd, 501",            // 500.5
            "4999999999, 1, 10000000000, usd, 0", // 0.4999999999 never double-rounds up
            "7, 2, 3, jpy, 5",                 // 4.67 yen
            "1000, 10000, 10000, usd, 1000",
    })
    void proRataRoundsHalfUpOnce(long earnings, long refunded, long total, String currency, long expected) {
        assertThat(CommissionService.proRata(earnings, refunded, total, currency)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "4000, 40%",
            "3050, 30.5%",
            "1, 0.01%",
            "10000, 100%",
    })
    void percentages(int basisPoints, String expected) {
        assertThat(Explanation.percent(basisPoints)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "4500, usd, $45.00",
            "-333, usd, -$3.33",
            "0, usd, $0.00",
            "500, jpy, 500 JPY",
            "1234, eur, 12.34 EUR",
    })
    void money(long minor, String currency, String expected) {
        assertThat(Explanation.money(minor, currency)).isEqualTo(expected);
    }
}
