package dev.referly.dashboard;

import static dev.referly.dashboard.Html.esc;

import dev.referly.payouts.Payout;
import dev.referly.payouts.PayoutQuery;
import dev.referly.payouts.PayoutService;
import dev.referly.payouts.PayoutStatus;
import dev.referly.shared.ApiException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Payouts: run them (pending commissions past their holding period are gathered per partner),
 * mark one sent, completed or failed, and download them as the same CSV as GET /payouts/export.
 * Running and marking move money, so they are for owners; members see and export.
 */
final class PayoutsPage implements Dashboard.Page {
    private static final int PAGE_SIZE = 50;
    private static final List<String> MARKS = List.of("sent", "completed", "failed");

    private final PayoutService payouts;

    PayoutsPage(PayoutService payouts) {
        this.payouts = payouts;
    }

    @Override
    public void register(Dashboard.Routes routes) {
        routes.get("/dashboard/payouts", this::show);
        routes.get("/dashboard/payouts/export", this::export);
        routes.ownerPost("/dashboard/payouts/run", this::run);
        routes.ownerPost("/dashboard/payouts/{id}/status", this::mark);
    }

    private void show(Web web) {
        String status = web.query("status");
        if (status != null) {
            PayoutStatus.parse("status", status);
        }
        int page = web.page();
        List<Payout> list = payouts.list(web.ws(), new PayoutQuery(status, null, null, null, null, null, "createdAt",
                false, page, PAGE_SIZE));
        boolean owner = web.account().isOwner();
        List<String[]> statuses = new ArrayList<>();
        statuses.add(new String[] {"", "Any status"});
        for (PayoutStatus s : PayoutStatus.values()) {
            statuses.add(new String[] {s.apiName(), s.apiName()});
        }
        StringBuilder rows = new StringBuilder();
        for (Payout p : list) {
            String id = esc(p.id());
            rows.append("<tr id=\"payout-").append(id).append("\"><th scope=\"row\">")
                    .append(esc(p.partner() == null ? p.partnerId() : p.partner().name()))
                    .append("<br><small>").append(esc(p.partner() == null ? "" : p.partner().email())).append("</small></th>")
                    .append("<td class=\"num\">").append(esc(Format.money(p.amount(), p.currency()))).append("</td>")
                    .append("<td class=\"num\">").append(p.commissions()).append("</td>")
                    .append("<td class=\"status\">").append(esc(p.status().apiName()))
                    .append(p.failureReason() == null ? "" : "<br><small>" + esc(p.failureReason()) + "</small>")
                    .append("</td><td>").append(esc(Format.when(p.createdAt()))).append("</td>")
                    .append("<td>").append(esc(Format.when(p.paidAt()))).append("</td><td class=\"actions\">");
            List<String[]> next = new ArrayList<>();
            for (String m : MARKS) {
                if (p.status().canBecome(PayoutStatus.parse("status", m))) {
                    next.add(new String[] {m, "Mark " + m});
                }
            }
            if (owner && !next.isEmpty()) {
                rows.append("<form method=\"post\" action=\"/dashboard/payouts/").append(id).append("/status\">")
                        .append(Html.csrf(web.csrf()))
                        .append("<label for=\"st-").append(id).append("\" class=\"sr-only\">New status of ").append(id)
                        .append("</label><select id=\"st-").append(id).append("\" name=\"status\">")
                        .append(Html.options(next, next.get(0)[0])).append("</select>")
                        .append("<label for=\"fr-").append(id).append("\" class=\"sr-only\">Failure reason</label>")
                        .append("<input id=\"fr-").append(id).append("\" name=\"failureReason\" maxlength=\"500\" size=\"14\""
                                + " placeholder=\"Reason if failed\">")
                        .append("<button type=\"submit\">Save</button></form>");
            }
            rows.append("</td></tr>");
        }
        String body = (owner ? "<form method=\"post\" action=\"/dashboard/payouts/run\" class=\"card stack\">"
                + Html.csrf(web.csrf()) + "<p>Gathers every partner's pending commissions that are past their group's"
                + " holding period into a pending payout.</p><button type=\"submit\">Run payouts</button></form>" : "")
                + "<form method=\"get\" action=\"/dashboard/payouts\" class=\"toolbar\">"
                + "<label for=\"status\">Status</label><select id=\"status\" name=\"status\">"
                + Html.options(statuses, status == null ? "" : status) + "</select><button type=\"submit\">Filter</button>"
                + "<a href=\"" + esc("/dashboard/payouts/export" + (status == null ? "" : "?" + Pager.q("status", status)))
                + "\">Export CSV</a></form>"
                + (list.isEmpty() ? "<p>No payouts yet.</p>"
                : "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Partner</th><th scope=\"col\">Amount</th>"
                + "<th scope=\"col\">Commissions</th><th scope=\"col\">Status</th><th scope=\"col\">Created</th>"
                + "<th scope=\"col\">Paid</th><th scope=\"col\">Actions</th></tr></thead><tbody>" + rows
                + "</tbody></table></div>")
                + Pager.links("/dashboard/payouts", Pager.q("status", status), page, list.size(), PAGE_SIZE);
        web.html(200, Layout.page(web, "/dashboard/payouts", "Payouts", body));
    }

    private void export(Web web) {
        String status = web.query("status");
        web.csv("payouts.csv", payouts.exportCsv(web.ws(), new PayoutQuery(status, null, null, null, null, null,
                "createdAt", true, 1, PayoutQuery.MAX_PAGE_SIZE)));
    }

    private void run(Web web) {
        int n = payouts.run(web.ws()).size();
        web.redirect("/dashboard/payouts", n == 0 ? "Nothing to pay out right now."
                : n + (n == 1 ? " payout" : " payouts") + " created or topped up.");
    }

    private void mark(Web web) {
        String status = web.form.text("status");
        if (status == null || !MARKS.contains(status)) {
            throw ApiException.invalid("status", "must be sent, completed or failed");
        }
        Map<String, Object> body = new HashMap<>();
        body.put("status", status);
        if ("failed".equals(status) && web.form.text("failureReason") != null) {
            body.put("failureReason", web.form.text("failureReason"));
        }
        payouts.update(web.ws(), web.param("id"), body);
        web.redirect("/dashboard/payouts", "Payout marked " + status + ".");
    }
}
