package dev.referly.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AttributionWindowTest {
    @ParameterizedTest(name = "conversion {0} after the click, window {1} days -> {2}")
    @CsvSource({
            "PT0S,       90, true",
            "P1D,        90, true",
            "P90D,       90, true",
            "P90DT1S,    90, false",
            "P31D,       30, false",
            "P30D,       30, true",
            "-PT1H,      90, true",   // reported slightly before the click: clock skew
            "-P2D,       90, false",  // long before: not this click's conversion
    })
    void coversConversionsInsideTheWindow(Duration after, int windowDays, boolean covered) {
        long click = 1_790_000_000_000L;
        assertThat(AttributionWindow.covers(click, click + after.toMillis(), windowDays)).isEqualTo(covered);
    }
}
