package dev.referly.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyTest {
    @ParameterizedTest(name = "{0}: {1} digits")
    @CsvSource({"usd, 2", "EUR, 2", "jpy, 0", "krw, 0", "bhd, 3", "kwd, 3", "clp, 0"})
    void minorDigitsFollowIso4217(String currency, int digits) {
        assertThat(Money.minorDigits(currency)).isEqualTo(digits);
    }

    @ParameterizedTest(name = "{0} {1} -> {2} minor")
    @CsvSource({
            "10.805,  usd, 1081",   // half-up
            "10.804,  usd, 1080",
            "10.8049, usd, 1080",
            "0.005,   usd, 1",
            "1436.5,  jpy, 1437",
            "2.6596,  bhd, 2660",
            "0,       usd, 0",
    })
    void roundsHalfUpOnceToTheMinorUnit(String major, String currency, long minor) {
        assertThat(Money.of(new BigDecimal(major), currency)).isEqualTo(new Money(minor, currency));
    }

    @ParameterizedTest
    @CsvSource({"1234, usd, 12.34", "1437, jpy, 1437", "1000, bhd, 1.000"})
    void majorIsExact(long minor, String currency, String major) {
        assertThat(new Money(minor, currency).major()).isEqualByComparingTo(major);
    }

    @ParameterizedTest
    @CsvSource({"usd, true", "EUR, true", "xyz, false", "us, false", "usdd, false", "'', false"})
    void recognisesCurrencyCodes(String code, boolean valid) {
        assertThat(Money.isCurrency(code)).isEqualTo(valid);
    }

    @ParameterizedTest(name = "{1} bps of {0} -> {2}")
    @CsvSource({
            "10000, 3000, 3000",
            "10000, 4000, 4000",
            "5000,  1000, 500",
            "5000,  1,    1",      // 0.5 -> 1 (half-up)
            "4999,  1,    0",      // 0.4999 -> 0
            "50,    1,    0",      // 0.005 -> 0
            "15000, 1,    2",      // 1.5 -> 2
            "333,   3333, 111",    // 110.9889 -> 111
            "1,     5000, 1",      // 0.5 -> 1
            "1,     4999, 0",
            "0,     3000, 0",
            "10000, 0,    0",
            "-5000, 1,    -1",     // ties away from zero, as Money.of
            "9223372036854775807, 10000, 9223372036854775807",  // no overflow in the product
    })
    void percentOfRoundsHalfUpOnce(long minor, int basisPoints, long expected) {
        assertThat(Money.percentOf(minor, basisPoints)).isEqualTo(expected);
    }
}
