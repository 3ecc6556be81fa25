package dev.referly.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IntervalTest {
    @ParameterizedTest(name = "{0} in {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "24h | UTC              | 2026-05-19T14:30:00Z",
            "7d  | UTC              | 2026-05-13T14:30:00Z",
            "mtd | UTC              | 2026-05-01T00:00:00Z",
            "qtd | UTC              | 2026-04-01T00:00:00Z",
            "ytd | UTC              | 2026-01-01T00:00:00Z",
            "mtd | America/New_York | 2026-05-01T04:00:00Z",
            "ytd | Asia/Tokyo       | 2025-12-31T15:00:00Z",
            "all | UTC              | 1970-01-01T00:00:00Z",
    })
    void startsWhereTheCallersCalendarSays(String interval, String zone, String expectedStart) {
        Instant now = Instant.parse("2026-05-20T14:30:00Z");
        assertThat(Instant.ofEpochMilli(Interval.parse(interval).start(now, ZoneId.of(zone))))
                .isEqualTo(Instant.parse(expectedStart));
    }
}
