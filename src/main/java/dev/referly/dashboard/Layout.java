package dev.referly.dashboard;

import static dev.referly.dashboard.Html.esc;

import java.util.List;

/** The page chrome: head, skip link, navigation, the message of the last change, and the main area. */
final class Layout {
    /** Nav entries: path, label, owner only. */
    private record Entry(String path, String label, boolean ownerOnly) {}

    private static final List<Entry> NAV = List.of(
            new Entry("/dashboard", "Overview", false),
            new Entry("/dashboard/events", "Events", false),
            new Entry("/dashboard/partners", "Partners", false),
            new Entry("/dashboard/groups", "Groups & rewards", false),
            new Entry("/dashboard/commissions", "Commissions", false),
            new Entry("/dashboard/payouts", "Payouts", false),
            new Entry("/dashboard/customers", "Customers", false),
            new Entry("/dashboard/links", "Links", false),
            new Entry("/dashboard/webhooks", "Webhooks", false),
            new Entry("/dashboard/stripe", "Stripe", false),
            new Entry("/dashboard/api-keys", "API keys", true),
            new Entry("/dashboard/members", "Members", true));

    private Layout() {}

    static String page(Web web, String active, String title, String body) {
        StringBuilder nav = new StringBuilder();
        for (Entry e : NAV) {
            if (e.ownerOnly() && !web.account().isOwner()) {
                continue;
            }
            boolean current = e.path().equals(active);
            nav.append("<li><a href=\"").append(e.path()).append('"').append(current ? " aria-current=\"page\"" : "")
                    .append('>').append(esc(e.label())).append("</a></li>");
        }
        String msg = web.query("msg");
        return head(title)
                + "<body><a class=\"skip\" href=\"#main\">Skip to content</a>"
                + "<header class=\"top\"><span class=\"brand\">Referly</span>"
                + "<span class=\"who\">" + esc(web.account().email()) + " (" + esc(web.account().role().apiName()) + ")</span>"
                + Html.postButton("/dashboard/logout", web.csrf(), "Sign out", "link")
                + "</header><div class=\"shell\"><nav aria-label=\"Dashboard\"><ul>" + nav + "</ul></nav>"
                + "<main id=\"main\" tabindex=\"-1\"><h1>" + esc(title) + "</h1>"
                + (msg == null ? "" : "<p class=\"notice\" role=\"status\">" + esc(msg) + "</p>")
                + body + "</main></div>"
                + "<meta name=\"csrf-token\" content=\"" + esc(web.csrf()) + "\">"
                + "<script src=\"/dashboard/assets/app.js\" defer></script></body></html>";
    }

    /** A page outside a session (sign-in, setup). */
    static String bare(String title, String body) {
        return head(title) + "<body class=\"bare\"><main id=\"main\"><h1>" + esc(title) + "</h1>" + body
                + "</main></body></html>";
    }

    private static String head(String title) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + esc(title) + " · Referly</title>"
                + "<link rel=\"stylesheet\" href=\"/dashboard/assets/app.css\"></head>";
    }

    /** A page's error (bad input, not found, not allowed), with the way back. */
    static String error(Web web, String message) {
        return page(web, "", "Something needs fixing",
                "<p class=\"error\" role=\"alert\">" + esc(message) + "</p><p><a href=\"/dashboard\">Back to the overview</a></p>");
    }
}
