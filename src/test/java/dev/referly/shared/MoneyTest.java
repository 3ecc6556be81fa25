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
}
