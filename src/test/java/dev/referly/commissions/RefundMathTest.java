package dev.referly.commissions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RefundMathTest {

    @ParameterizedTest(name = "{0} of {1} in units of {2} = {3}")
    @CsvSource({
            "2500, 10000, 10000, 2500",
            "12000, 12000, 10000, 10000", // a charge refunded in full is the whole sale, tax or not
            "1, 3, 10000, 3333",
            "2, 3, 10000, 6667",          // 6666.67 half-up
            "1, 2, 1, 1",                 // 0.5 -> 1
            "0, 5010, 5010, 0",
    })
    void scaleRoundsHalfUpAndIsExactAtTheEnds(long part, long whole, long target, long expected) {
        assertThat(RefundMath.scale(part, whole, target)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} earned, {1} of {2} refunded: corrections total {3}")
    @CsvSource({
            "501, 2505, 5010, -250",  // what remains earns 250.5 -> 251
            "501, 5010, 5010, -501",  // all of it: exactly the earnings, whatever the split
            "1000, 3000, 10000, -300",
            "1000, 3333, 10000, -333", // 666.7 -> 667 remain
            "1, 1, 3, 0",             // 0.67 -> 1 remains
            "1, 2, 3, -1",            // 0.33 -> 0 remains
            "0, 5, 10, 0",
    })
    void theTargetIsTheEarningsOnWhatRemainsRoundedOnce(long earnings, long refunded, long amount, long expected) {
        assertThat(RefundMath.refundTarget(earnings, refunded, amount, "usd")).isEqualTo(expected);
    }
}
