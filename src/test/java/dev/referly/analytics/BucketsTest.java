package dev.referly.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BucketsTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                // zone, hourly, start, end, expected bucket starts
                Arguments.of("UTC", true, "2026-11-02T10:15:00Z", "2026-11-02T12:00:00Z",
                        List.of("2026-11-02T10:00:00Z", "2026-11-02T11:00:00Z")),
                Arguments.of("UTC", true, "2026-11-02T10:00:00Z", "2026-11-02T12:00:00.001Z",
                        List.of("2026-11-02T10:00:00Z", "2026-11-02T11:00:00Z", "2026-11-02T12:00:00Z")),
                Arguments.of("UTC", false, "2026-11-02T10:00:00Z", "2026-11-04T00:00:00Z",
                        List.of("2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z")),
                Arguments.of("America/New_York", false, "2026-10-31T12:00:00Z", "2026-11-02T06:00:00Z",
                        List.of("2026-10-31T04:00:00Z", "2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z")), // 25 h day
                Arguments.of("Europe/Berlin", false, "2026-03-28T12:00:00Z", "2026-03-30T00:00:00Z",
                        List.of("2026-03-27T23:00:00Z", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z")), // 23 h day
                Arguments.of("America/New_York", true, "2026-11-01T05:00:00Z", "2026-11-01T07:00:00Z",
                        List.of("2026-11-01T05:00:00Z", "2026-11-01T06:00:00Z")), // 01:00 EDT and 01:00 EST
                Arguments.of("Asia/Kolkata", true, "2026-11-02T10:00:00Z", "2026-11-02T11:00:00Z",
                        List.of("2026-11-02T09:30:00Z", "2026-11-02T10:30:00Z")),
                Arguments.of("Asia/Kathmandu", false, "2026-11-02T10:00:00Z", "2026-11-02T11:00:00Z",
                        List.of("2026-11-01T18:15:00Z")),
                Arguments.of("UTC", true, "2026-11-02T10:00:00Z", "2026-11-02T10:00:00Z",
                        List.of("2026-11-02T10:00:00Z")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void bucketStarts(String zone, boolean hourly, String start, String end, List<String> expected) {
        Buckets b = Buckets.of(ms(start), ms(end), ZoneId.of(zone), hourly);
        List<String> starts = new ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
            starts.add(Instant.ofEpochMilli(b.start(i)).toString());
        }
        assertThat(starts).isEqualTo(expected);
        assertThat(b.indexOf(b.start(0) - 1)).isEqualTo(-1);
        assertThat(b.indexOf(b.start(b.size() - 1) + 1)).isEqualTo(b.size() - 1);
        assertThat(b.indexOf(b.start(0))).isZero();
    }

    static Stream<Arguments> zones() {
        return Stream.of(Arguments.of("UTC", true), Arguments.of("America/New_York", true),
                Arguments.of("Europe/Berlin", true), Arguments.of("Asia/Kolkata", false),
                Arguments.of("Australia/Adelaide", false), Arguments.of("Asia/Kathmandu", false));
    }

    @ParameterizedTest
    @MethodSource("zones")
    void rollupsSplitIntoBucketsOnlyForWholeHourOffsets(String zone, boolean whole) {
        assertThat(Buckets.wholeHourOffsets(ZoneId.of(zone), ms("2026-01-01T00:00:00Z"), ms("2026-12-31T00:00:00Z")))
                .isEqualTo(whole);
    }

    static long ms(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }
}
