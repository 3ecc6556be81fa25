package dev.referly.dashboard;

import dev.referly.shared.CsvCells;

/** CSV lines for the dashboard's downloads, written by the one cell writer every export shares. */
final class Csv {
    private Csv() {}

    /** One line of cells, CRLF-terminated. */
    static String line(Object... cells) {
        return CsvCells.line(cells);
    }
}
