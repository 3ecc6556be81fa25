package dev.referly.dashboard;

/** The one HTML-escaping rule of the dashboard: every value that reaches a page goes through {@link #esc}. */
final class Html {
    private Html() {}

    /** Escapes text for element content and for double-quoted attribute values. */
    static String esc(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A hidden CSRF field for a form posted by a signed-in user. */
    static String csrf(String token) {
        return "<input type=\"hidden\" name=\"_csrf\" value=\"" + esc(token) + "\">";
    }

    /** A one-button form that posts to {@code action} (state changes are never links). */
    static String postButton(String action, String csrf, String label, String cssClass) {
        return "<form method=\"post\" action=\"" + esc(action) + "\" class=\"inline\">" + csrf(csrf)
                + "<button type=\"submit\" class=\"" + esc(cssClass) + "\">" + esc(label) + "</button></form>";
    }

    /** Options of a select, with {@code selected} marked. */
    static String options(Iterable<String[]> valueLabel, String selected) {
        StringBuilder b = new StringBuilder();
        for (String[] o : valueLabel) {
            b.append("<option value=\"").append(esc(o[0])).append('"')
                    .append(o[0].equals(selected) ? " selected" : "").append('>').append(esc(o[1])).append("</option>");
        }
        return b.toString();
    }
}
