package dev.referly.dashboard;

/** CSV cells for downloads opened in spreadsheets. */
final class Csv {
    private Csv() {}

    /** RFC 4180 quoting, and a leading apostrophe so a spreadsheet never runs a name as a formula. */
    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        String v = !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")
                ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    /** One line of cells, CRLF-terminated. */
    static String line(Object... cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            b.append(i == 0 ? "" : ",").append(cell(cells[i]));
        }
        return b.append("\r\n").toString();
    }
}
