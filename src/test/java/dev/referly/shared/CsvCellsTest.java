package dev.referly.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every CSV download's cells: quoted for any separator a spreadsheet may pick, never run as a formula. */
class CsvCellsTest {
    static Stream<Arguments> cells() {
        return Stream.of(
                Arguments.of("a,b", "\"a,b\""),
                // A spreadsheet set to split on ';' (most European locales) would start a new cell at "=1+1".
                Arguments.of("x;=1+1", "\"x;=1+1\""),
                Arguments.of("x\t=1+1", "\"x\t=1+1\""),
                Arguments.of("=SUM(A1)", "'=SUM(A1)"),
                Arguments.of("-1", "'-1"),
                Arguments.of("+1", "'+1"),
                Arguments.of("@x", "'@x"),
                Arguments.of("\t=1", "\"'\t=1\""),
                Arguments.of("\r=1", "\"'\r=1\""),
                // Leading blanks are trimmed by some spreadsheets before they look for '='.
                Arguments.of("  =1+1", "'  =1+1"),
                Arguments.of("say \"hi\"", "\"say \"\"hi\"\"\""),
                Arguments.of("=a,b", "\"'=a,b\""),
                Arguments.of("line\nbreak", "\"line\nbreak\""),
                Arguments.of("plain", "plain"),
                Arguments.of("", ""),
                Arguments.of(null, ""));
    }

    @ParameterizedTest
    @MethodSource("cells")
    void cellsAreQuotedAndNeverFormulas(String value, String expected) {
        assertThat(CsvCells.cell(value)).isEqualTo(expected);
    }
}
