package dev.referly.payouts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PayoutStatusTest {
    /** Rows "from", columns "to" in declaration order. */
    private static final String[] TABLE = {
            //           pend proc prcd sent comp fail canc
            "PENDING     .    Y    .    Y    Y    Y    Y",
            "PROCESSING  .    .    .    Y    Y    Y    .",
            "PROCESSED   .    .    .    Y    Y    Y    .",
            "SENT        .    .    .    .    Y    Y    .",
            "COMPLETED   .    .    .    .    .    .    .",
            "FAILED      .    .    .    .    .    .    .",
            "CANCELED    .    .    .    .    .    .    .",
    };

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (String row : TABLE) {
            String[] cells = row.trim().split("\\s+");
            for (int i = 1; i < cells.length; i++) {
                pairs.add(Arguments.of(PayoutStatus.valueOf(cells[0]), PayoutStatus.values()[i - 1], cells[i].equals("Y")));
            }
        }
        assertThat(pairs).hasSize(49);
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @MethodSource("everyPair")
    void transitionTable(PayoutStatus from, PayoutStatus to, boolean allowed) {
        assertThat(from.canBecome(to)).isEqualTo(allowed);
    }

    static Stream<Arguments> cells() {
        return Stream.of(
                Arguments.of("a,b", "\"a,b\""),
                Arguments.of("=SUM(A1)", "'=SUM(A1)"),
                Arguments.of("-1", "'-1"),
                Arguments.of("+1", "'+1"),
                Arguments.of("@x", "'@x"),
                Arguments.of("say \"hi\"", "\"say \"\"hi\"\"\""),
                Arguments.of("=a,b", "\"'=a,b\""),
                Arguments.of("plain", "plain"),
                Arguments.of("", ""),
                Arguments.of(null, ""));
    }

    @ParameterizedTest
    @MethodSource("cells")
    void csvCellsAreQuotedAndNeverFormulas(String value, String expected) {
        assertThat(PayoutService.cell(value)).isEqualTo(expected);
    }
}
