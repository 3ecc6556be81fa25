package dev.referly.conversions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LineItemsTest {
    static long[] longs(String text) {
        return text.isBlank() ? new long[0] : Arrays.stream(text.split(" ")).mapToLong(Long::parseLong).toArray();
    }

    @ParameterizedTest(name = "{0} of {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            10000 5000   | 15000 | 10000 5000
            10000 5000   | 7500  | 5000 2500
            1 1 1        | 100   | 34 33 33
            1 1 1        | 2     | 1 1 0
            2 1          | 1     | 1 0
            3 0 1        | 10    | 8 0 2
            5000 5000    | 0     | 0 0
            100 200 300  | 1001  | 167 334 500
            """)
    void sharesAddUpToTheTotalInProportion(String weights, long total, String expected) {
        long[] shares = LineItems.allocate(longs(weights), total);
        assertThat(shares).containsExactly(longs(expected));
        assertThat(Arrays.stream(shares).sum()).isEqualTo(total);
    }

    @ParameterizedTest
    @CsvSource({"0 0, 10", "0, 0"})
    void zeroWeightsShareNothing(String weights, long total) {
        assertThat(LineItems.allocate(longs(weights), total)).isNull();
    }
}
