package dev.referly.dashboard;

import static dev.referly.dashboard.Html.esc;

import dev.referly.links.Link;
import dev.referly.links.LinkField;
import dev.referly.links.LinkInput;
import dev.referly.links.LinkQuery;
import dev.referly.links.LinkService;
import dev.referly.links.ShortUrls;
import dev.referly.programs.PartnerService;
import dev.referly.programs.Referrer;
import dev.referly.workspaces.WorkspaceService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Short links with their clicks, leads and sales; create one (with conversion tracking). */
final class LinksPage implements Dashboard.Page {
    private static final int PAGE_SIZE = 50;

    private final LinkService links;
    private final PartnerService partners;
    private final WorkspaceService workspaces;

    LinksPage(LinkService links, PartnerService partners, WorkspaceService workspaces) {
        this.links = links;
        this.partners = partners;
        this.workspaces = workspaces;
    }

    @Override
    public void register(Dashboard.Routes routes) {
        routes.get("/dashboard/links", this::show);
        routes.post("/dashboard/links", this::create);
    }

    private void show(Web web) {
        String search = web.query("search");
        int page = web.page();
        List<Link> list = links.list(web.ws(), new LinkQuery(null, search, null, null, null, null, false, false,
                "createdAt", false, page, PAGE_SIZE));
        Map<String, Referrer> referrers = partners.referrersOfLinks(web.ws(), list.stream().map(Link::id).toList());
        String currency = workspaces.get(web.ws()).currency();
        StringBuilder rows = new StringBuilder();
        for (Link l : list) {
            String shortLink = ShortUrls.of(l.domain(), l.key());
            Referrer r = referrers.get(l.id());
            rows.append("<tr id=\"link-").append(esc(l.id())).append("\"><th scope=\"row\">").append(esc(shortLink))
                    .append("<br><small>").append(esc(l.url())).append("</small></th>")
                    .append("<td>").append(r == null ? "" : esc(r.partner().name())).append("</td>")
                    .append("<td class=\"num\">").append(Format.count(count(l, LinkField.CLICKS))).append("</td>")
                    .append("<td class=\"num\">").append(Format.count(count(l, LinkField.LEADS))).append("</td>")
                    .append("<td class=\"num\">").append(Format.count(count(l, LinkField.SALES))).append("</td>")
                    .append("<td class=\"num\">").append(esc(Format.money(count(l, LinkField.SALE_AMOUNT), currency)))
                    .append("</td><td>").append(esc(Format.when((Long) l.get(LinkField.CREATED_AT)))).append("</td></tr>");
        }
        String body = "<form method=\"post\" action=\"/dashboard/links\" class=\"card stack\">" + Html.csrf(web.csrf())
                + "<h2>Create a link</h2><label for=\"url\">Destination URL</label>"
                + "<input id=\"url\" name=\"url\" type=\"url\" required placeholder=\"https://\">"
                + "<label for=\"key\">Short key (optional, random when empty)</label><input id=\"key\" name=\"key\" maxlength=\"190\">"
                + "<label><input type=\"checkbox\" name=\"trackConversion\" value=\"true\" checked> Track leads and sales</label>"
                + "<button type=\"submit\">Create link</button></form>"
                + "<form method=\"get\" action=\"/dashboard/links\" class=\"toolbar\" role=\"search\">"
                + "<label for=\"search\">Search</label><input id=\"search\" name=\"search\" type=\"search\" value=\""
                + esc(search) + "\"><button type=\"submit\">Search</button></form>"
                + (list.isEmpty() ? "<p>No links yet.</p>"
                : "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Link</th><th scope=\"col\">Partner</th>"
                + "<th scope=\"col\">Clicks</th><th scope=\"col\">Leads</th><th scope=\"col\">Sales</th>"
                + "<th scope=\"col\">Revenue</th><th scope=\"col\">Created</th></tr></thead><tbody>" + rows
                + "</tbody></table></div>")
                + Pager.links("/dashboard/links", Pager.q("search", search), page, list.size(), PAGE_SIZE);
        web.html(200, Layout.page(web, "/dashboard/links", "Links", body));
    }

    private static long count(Link l, LinkField f) {
        Object v = l.get(f);
        return v instanceof Number n ? n.longValue() : 0;
    }

    private void create(Web web) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (web.form.text("url") != null) {
            body.put("url", web.form.text("url"));
        }
        if (web.form.text("key") != null) {
            body.put("key", web.form.text("key"));
        }
        body.put("trackConversion", "true".equals(web.form.text("trackConversion")));
        Link l = links.create(web.ws(), LinkInput.parse(body));
        web.redirect("/dashboard/links", "Created " + ShortUrls.of(l.domain(), l.key()) + ".");
    }
}
