package dev.referly.dashboard;

import static dev.referly.dashboard.Html.esc;

import dev.referly.conversions.Customer;
import dev.referly.conversions.CustomerQuery;
import dev.referly.conversions.CustomerService;
import dev.referly.links.Link;
import dev.referly.links.LinkService;
import dev.referly.links.ShortUrls;
import dev.referly.programs.PartnerService;
import dev.referly.programs.Referrer;
import dev.referly.workspaces.WorkspaceService;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Customers: a searchable list, and one customer with the link they came through and its partner. */
final class CustomersPage implements Dashboard.Page {
    private static final int PAGE_SIZE = 50;

    private final CustomerService customers;
    private final LinkService links;
    private final PartnerService partners;
    private final WorkspaceService workspaces;

    CustomersPage(CustomerService customers, LinkService links, PartnerService partners, WorkspaceService workspaces) {
        this.customers = customers;
        this.links = links;
        this.partners = partners;
        this.workspaces = workspaces;
    }

    @Override
    public void register(Dashboard.Routes routes) {
        routes.get("/dashboard/customers", this::list);
        routes.get("/dashboard/customers/{id}", this::detail);
    }

    private void list(Web web) {
        String search = web.query("search");
        int page = web.page();
        List<Customer> found = customers.list(web.ws(), new CustomerQuery(null, null, search, null, null, "createdAt",
                false, page, PAGE_SIZE, null, null));
        String currency = workspaces.get(web.ws()).currency();
        StringBuilder rows = new StringBuilder();
        for (Customer c : found) {
            rows.append("<tr><th scope=\"row\"><a href=\"/dashboard/customers/").append(esc(c.id())).append("\">")
                    .append(esc(label(c))).append("</a><br><small>").append(esc(c.email())).append("</small></th>")
                    .append("<td>").append(esc(c.externalId())).append("</td>")
                    .append("<td>").append(esc(c.country())).append("</td>")
                    .append("<td class=\"num\">").append(Format.count(c.sales())).append("</td>")
                    .append("<td class=\"num\">").append(esc(Format.money(c.saleAmount(), currency))).append("</td>")
                    .append("<td>").append(esc(Format.when(c.createdAt()))).append("</td></tr>");
        }
        String body = "<form method=\"get\" action=\"/dashboard/customers\" class=\"toolbar\" role=\"search\">"
                + "<label for=\"search\">Search name, email or external id</label><input id=\"search\" name=\"search\""
                + " type=\"search\" value=\"" + esc(search) + "\"><button type=\"submit\">Search</button></form>"
                + (found.isEmpty() ? "<p>No customers match.</p>"
                : "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Customer</th><th scope=\"col\">External id</th>"
                + "<th scope=\"col\">Country</th><th scope=\"col\">Sales</th><th scope=\"col\">Revenue</th>"
                + "<th scope=\"col\">Since</th></tr></thead><tbody>" + rows + "</tbody></table></div>")
                + Pager.links("/dashboard/customers", Pager.q("search", search), page, found.size(), PAGE_SIZE);
        web.html(200, Layout.page(web, "/dashboard/customers", "Customers", body));
    }

    private static String label(Customer c) {
        return c.name() != null ? c.name() : c.email() != null ? c.email() : c.externalId() != null ? c.externalId() : c.id();
    }

    private void detail(Web web) {
        Customer c = customers.get(web.ws(), web.param("id"));
        String currency = workspaces.get(web.ws()).currency();
        Set<String> linkIds = c.linkId() == null ? Set.of() : Set.of(c.linkId());
        Map<String, Link> link = links.byIds(web.ws(), linkIds);
        Map<String, Referrer> referrer = partners.referrersOfLinks(web.ws(), linkIds);
        Link l = c.linkId() == null ? null : link.get(c.linkId());
        Referrer r = c.linkId() == null ? null : referrer.get(c.linkId());
        String body = "<dl class=\"card details\">"
                + row("Id", "<code>" + esc(c.id()) + "</code>")
                + row("External id", esc(c.externalId()))
                + row("Name", esc(c.name()))
                + row("Email", esc(c.email()))
                + row("Country", esc(c.country()))
                + row("Stripe customer", esc(c.stripeCustomerId()))
                + row("Sales", Format.count(c.sales()) + " · " + esc(Format.money(c.saleAmount(), currency)))
                + row("First sale", esc(Format.when(c.firstSaleAt())))
                + row("Subscription canceled", esc(Format.when(c.subscriptionCanceledAt())))
                + row("Since", esc(Format.when(c.createdAt())))
                + row("Link", l == null ? "None (not attributed)" : "<a href=\"" + esc(ShortUrls.of(l.domain(), l.key()))
                        + "\" rel=\"noopener\">" + esc(ShortUrls.of(l.domain(), l.key())) + "</a> → " + esc(l.url()))
                + row("Partner", r == null ? "None" : esc(r.partner().name()) + " <small>(" + esc(r.partner().email())
                        + ")</small>")
                + "</dl><p><a href=\"/dashboard/customers\">All customers</a></p>";
        web.html(200, Layout.page(web, "/dashboard/customers", label(c), body));
    }

    private static String row(String term, String html) {
        return "<div><dt>" + esc(term) + "</dt><dd>" + (html == null || html.isEmpty() ? "–" : html) + "</dd></div>";
    }
}
