package dev.referly.dashboard;

/** Previous/next links for a listing (a full page means there may be more). */
final class Pager {
    private Pager() {}

    static String links(String path, String extraQuery, int page, int shown, int pageSize) {
        String base = path + "?" + (extraQuery == null || extraQuery.isEmpty() ? "" : extraQuery + "&") + "page=";
        StringBuilder b = new StringBuilder("<nav class=\"pager\" aria-label=\"Pages\">");
        if (page > 1) {
            b.append("<a href=\"").append(Html.esc(base + (page - 1))).append("\">Previous page</a>");
        }
        b.append("<span>Page ").append(page).append("</span>");
        if (shown >= pageSize) {
            b.append("<a href=\"").append(Html.esc(base + (page + 1))).append("\">Next page</a>");
        }
        return b.append("</nav>").toString();
    }

    static String q(String name, String value) {
        return value == null ? "" : name + "=" + java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
