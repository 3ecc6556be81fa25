package dev.referly.embed;

import java.util.regex.Pattern;

/**
 * The embed's look, from query options: {@code theme=light|dark}, {@code accentColor} and
 * {@code backgroundColor} as hex colours (with or without {@code #}). Anything else is ignored.
 */
record Theme(boolean dark, String accent, String background) {
    private static final Pattern HEX = Pattern.compile("#?[0-9a-fA-F]{6}");

    static Theme of(String theme, String accent, String background) {
        return new Theme("dark".equalsIgnoreCase(theme), hex(accent), hex(background));
    }

    private static String hex(String s) {
        return s != null && HEX.matcher(s.strip()).matches() ? s.strip().replace("#", "").toLowerCase() : null;
    }

    String css() {
        String bg = background != null ? "#" + background : dark ? "#0d1117" : "#f6f8fa";
        String accentColor = accent != null ? "#" + accent : dark ? "#4493f8" : "#0969da";
        return ":root{--bg:" + bg + ";--card:" + (dark ? "#161b22" : "#ffffff") + ";--fg:" + (dark ? "#e6edf3" : "#1f2328")
                + ";--muted:" + (dark ? "#9198a1" : "#59636e") + ";--line:" + (dark ? "#3d444d" : "#d1d9e0")
                + ";--accent:" + accentColor + ";--on-accent:" + onAccent(accentColor) + ";--link:" + (dark ? "#4493f8" : "#0969da")
                + ";color-scheme:" + (dark ? "dark" : "light") + "}";
    }

    /** Black or white, whichever reads better on the accent colour. */
    private static String onAccent(String hex) {
        int r = Integer.parseInt(hex.substring(1, 3), 16);
        int g = Integer.parseInt(hex.substring(3, 5), 16);
        int b = Integer.parseInt(hex.substring(5, 7), 16);
        return (0.299 * r + 0.587 * g + 0.114 * b) > 150 ? "#000000" : "#ffffff";
    }

    /** The options again, so a form post returns to the same look. */
    String query() {
        StringBuilder q = new StringBuilder();
        if (dark) {
            q.append("&theme=dark");
        }
        if (accent != null) {
            q.append("&accentColor=").append(accent);
        }
        if (background != null) {
            q.append("&backgroundColor=").append(background);
        }
        return q.toString();
    }

    String hiddenFields() {
        StringBuilder f = new StringBuilder();
        if (dark) {
            f.append("<input type=\"hidden\" name=\"theme\" value=\"dark\">");
        }
        if (accent != null) {
            f.append("<input type=\"hidden\" name=\"accentColor\" value=\"").append(accent).append("\">");
        }
        if (background != null) {
            f.append("<input type=\"hidden\" name=\"backgroundColor\" value=\"").append(background).append("\">");
        }
        return f.toString();
    }
}
