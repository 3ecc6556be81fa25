package dev.referly.shared;

/** The one writer of CSV cells, for every download a spreadsheet may open. */
public final class CsvCells {
    private CsvCells() {}

    /**
     * RFC 4180 quoting, extended to ';' and tab because spreadsheets in many locales split on
     * those, so an unquoted {@code x;=1+1} would become a formula cell; and a leading apostrophe
     * when the text (after any blanks a spreadsheet trims) starts like a formula.
     */
    public static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        String v = startsLikeFormula(s) ? "'" + s : s;
        boolean quote = false;
        for (int i = 0; i < v.length() && !quote; i++) {
            quote = ",;\"\t\r\n".indexOf(v.charAt(i)) >= 0;
        }
        return quote ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    /** One line of cells, CRLF-terminated. */
    public static String line(Object... cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            b.append(i == 0 ? "" : ",").append(cell(cells[i]));
        }
        return b.append("\r\n").toString();
    }

    private static boolean startsLikeFormula(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i < s.length() && "=+-@\t\r".indexOf(s.charAt(i)) >= 0;
    }
}
