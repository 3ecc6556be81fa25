package dev.referly.rewards;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpendLimitsTest {

    @ParameterizedTest(name = "{0} of {1} starts {2}")
    @CsvSource({
            "DAY,   2024-05-15T13:45:00Z, 2024-05-15T00:00:00Z",
            "DAY,   2024-05-15T00:00:00Z, 2024-05-15T00:00:00Z",
            "DAY,   2024-05-15T23:59:59.999Z, 2024-05-15T00:00:00Z",
            // ISO weeks start on Monday (2024-05-13 is a Monday)
            "WEEK,  2024-05-15T13:45:00Z, 2024-05-13T00:00:00Z",
            "WEEK,  2024-05-13T00:00:00Z, 2024-05-13T00:00:00Z",
            "WEEK,  2024-05-19T23:59:59Z, 2024-05-13T00:00:00Z",   // Sunday belongs to the week before
            "WEEK,  2024-05-20T00:00:00Z, 2024-05-20T00:00:00Z",
            "WEEK,  2025-01-01T08:00:00Z, 2024-12-30T00:00:00Z",   // across a year end
            "MONTH, 2024-02-29T23:59:59Z, 2024-02-01T00:00:00Z",
            "MONTH, 2024-03-01T00:00:00Z, 2024-03-01T00:00:00Z",
            "MONTH, 1969-12-31T23:00:00Z, 1969-12-01T00:00:00Z",   // before the epoch
    })
    void periodsStartOnUtcCalendarBoundaries(SpendLimit.Period period, String at, String start) {
        assertThat(SpendLimits.periodStart(period, Instant.parse(at).toEpochMilli()))
                .isEqualTo(Instant.parse(start).toEpochMilli());
    }

    @Test
    void allTimeStartsAtTheBeginning() {
        assertThat(SpendLimits.periodStart(SpendLimit.Period.ALL_TIME, 1_700_000_000_000L)).isEqualTo(Long.MIN_VALUE);
    }

    @ParameterizedTest(name = "earn {0} under {1} having {2} -> {3}")
    @CsvSource({
            "500,  10000, 0,     500",
            "500,  10000, 9600,  400",     // only the room left
            "500,  10000, 9500,  500",     // exactly fits
            "500,  10000, 10000, 0",
            "500,  10000, 12000, 0",       // already over (a cap lowered later): nothing, never negative
            "0,    10000, 0,     0",
            "500,  0,     0,     0",
            "9223372036854775807, 9223372036854775807, -10, 9223372036854775807",  // no overflow
    })
    void clampKeepsEarningsUnderTheLimit(long earnings, long limit, long alreadyEarned, long expected) {
        assertThat(SpendLimits.clamp(earnings, limit, alreadyEarned)).isEqualTo(expected);
    }
}
