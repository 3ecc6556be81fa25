package dev.referly.dashboard;

import static dev.referly.dashboard.Html.esc;

import dev.referly.commissions.Commission;
import dev.referly.commissions.CommissionQuery;
import dev.referly.commissions.CommissionService;
import dev.referly.commissions.CommissionStatus;
import dev.referly.commissions.CommissionView;
import dev.referly.programs.PartnerDetails;
import dev.referly.programs.PartnerQuery;
import dev.referly.programs.PartnerService;
import dev.referly.shared.ApiException;
import dev.referly.shared.Money;
import dev.referly.shared.Timestamps;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The commission ledger: filter by status, partner and date; release a held commission to
 * pending or reject it (fraud, canceled); download the filtered list as CSV. Changes go through
 * {@link CommissionService#update}, as PATCH /commissions/{id} does.
 */
final class CommissionsPage implements Dashboard.Page {
    private static final int PAGE_SIZE = 50;
    private static final int MAX_EXPORT_PAGES = 1_000;

    private final CommissionService commissions;
    private final PartnerService partners;

    CommissionsPage(CommissionService commissions, PartnerService partners) {
        this.commissions = commissions;
        this.partners = partners;
    }

    @Override
    public void register(Dashboard.Routes routes) {
        routes.get("/dashboard/commissions", this::show);
        routes.get("/dashboard/commissions/export", this::export);
        routes.post("/dashboard/commissions/{id}/approve", this::approve);
        routes.post("/dashboard/commissions/{id}/reject", this::reject);
    }

    /** The filters of the page, as typed in the form. */
    private record Filter(String status, String partnerId, String from, String to) {
        static Filter of(Web web) {
            return new Filter(web.query("status"), web.query("partnerId"), web.query("from"), web.query("to"));
        }

        CommissionQuery query(int page, int pageSize) {
            if (status != null) {
                CommissionStatus.parse("status", status);
            }
            return new CommissionQuery(status, null, partnerId, null, null, null, null, null,
                    from == null ? null : Timestamps.iso(day("from", from)),
                    to == null ? null : Timestamps.iso(day("to", to) + 86_400_000L - 1),
                    null, "createdAt", false, page, pageSize);
        }

        String queryString() {
            return PartnersPage.join(Pager.q("status", status), Pager.q("partnerId", partnerId), Pager.q("from", from),
                    Pager.q("to", to));
        }

        private static long day(String field, String text) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                throw ApiException.invalid(field, "must be a date (yyyy-mm-dd)");
            }
        }
    }

    private void show(Web web) {
        Filter f = Filter.of(web);
        int page = web.page();
        List<CommissionView> list = commissions.list(web.ws(), f.query(page, PAGE_SIZE));
        List<String[]> statuses = new ArrayList<>();
        statuses.add(new String[] {"", "Any status"});
        for (CommissionStatus s : CommissionStatus.values()) {
            statuses.add(new String[] {s.apiName(), s.apiName()});
        }
        List<String[]> partnerOptions = new ArrayList<>();
        partnerOptions.add(new String[] {"", "Any partner"});
        for (PartnerDetails d : partners.list(web.ws(), new PartnerQuery(null, null, null, null, null, null,
                PartnerQuery.Sort.CREATED_AT, false, 1, 100))) {
            partnerOptions.add(new String[] {d.partner().id(), d.partner().name()});
        }
        StringBuilder rows = new StringBuilder();
        for (CommissionView v : list) {
            Commission c = v.commission();
            String id = esc(c.id());
            rows.append("<tr id=\"commission-").append(id).append("\"><th scope=\"row\">")
                    .append(esc(v.partner() == null ? c.partnerId() : v.partner().name()))
                    .append("<br><small><code>").append(id).append("</code></small></th>")
                    .append("<td>").append(esc(c.type())).append("</td>")
                    .append("<td class=\"status\">").append(esc(c.status().apiName()))
                    .append(c.holdReason() == null ? "" : "<br><small>" + esc(c.holdReason()) + "</small>").append("</td>")
                    .append("<td class=\"num\">").append(esc(Format.money(c.amount(), c.currency()))).append("</td>")
                    .append("<td class=\"num\">").append(esc(Format.money(c.earnings(), c.currency()))).append("</td>")
                    .append("<td>").append(esc(v.customer() == null ? "" : v.customer().email() == null
                            ? v.customer().externalId() : v.customer().email())).append("</td>")
                    .append("<td>").append(esc(Format.when(c.createdAt()))).append("</td><td class=\"actions\">");
            if (c.status() == CommissionStatus.HOLD) {
                rows.append(Html.postButton("/dashboard/commissions/" + c.id() + "/approve", web.csrf(),
                        "Approve", ""));
            }
            if (c.status() == CommissionStatus.HOLD || c.status() == CommissionStatus.PENDING) {
                rows.append("<form method=\"post\" action=\"/dashboard/commissions/").append(id).append("/reject\">")
                        .append(Html.csrf(web.csrf()))
                        .append("<label for=\"why-").append(id).append("\" class=\"sr-only\">Reject ").append(id)
                        .append(" as</label><select id=\"why-").append(id).append("\" name=\"status\">")
                        .append(Html.options(List.of(new String[] {"fraud", "fraud"}, new String[] {"canceled", "canceled"}),
                                "fraud"))
                        .append("</select><button type=\"submit\" class=\"danger\" data-confirm=\"Reject this commission?"
                                + " The partner will not be paid for it.\">Reject</button></form>");
            }
            rows.append("</td></tr>");
        }
        String qs = f.queryString();
        String body = "<form method=\"get\" action=\"/dashboard/commissions\" class=\"toolbar\">"
                + "<label for=\"status\">Status</label><select id=\"status\" name=\"status\">"
                + Html.options(statuses, f.status() == null ? "" : f.status()) + "</select>"
                + "<label for=\"partnerId\">Partner</label><select id=\"partnerId\" name=\"partnerId\">"
                + Html.options(partnerOptions, f.partnerId() == null ? "" : f.partnerId()) + "</select>"
                + "<label for=\"from\">From</label><input id=\"from\" name=\"from\" type=\"date\" value=\"" + esc(f.from()) + "\">"
                + "<label for=\"to\">To</label><input id=\"to\" name=\"to\" type=\"date\" value=\"" + esc(f.to()) + "\">"
                + "<button type=\"submit\">Filter</button>"
                + "<a href=\"" + esc("/dashboard/commissions/export" + (qs.isEmpty() ? "" : "?" + qs)) + "\">Export CSV</a></form>"
                + (list.isEmpty() ? "<p>No commissions match.</p>"
                : "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Partner</th><th scope=\"col\">Type</th>"
                + "<th scope=\"col\">Status</th><th scope=\"col\">Sale</th><th scope=\"col\">Earnings</th>"
                + "<th scope=\"col\">Customer</th><th scope=\"col\">Created</th><th scope=\"col\">Actions</th></tr></thead><tbody>"
                + rows + "</tbody></table></div>")
                + Pager.links("/dashboard/commissions", qs, page, list.size(), PAGE_SIZE);
        web.html(200, Layout.page(web, "/dashboard/commissions", "Commissions", body));
    }

    private void export(Web web) {
        Filter f = Filter.of(web);
        StringBuilder csv = new StringBuilder(Csv.line("commissionId", "partnerId", "partnerName", "partnerEmail", "type",
                "status", "saleAmount", "earnings", "currency", "customerId", "invoiceId", "createdAt"));
        for (int page = 1; page <= MAX_EXPORT_PAGES; page++) {
            List<CommissionView> batch = commissions.list(web.ws(), f.query(page, CommissionQuery.MAX_PAGE_SIZE));
            for (CommissionView v : batch) {
                Commission c = v.commission();
                csv.append(Csv.line(c.id(), c.partnerId(), v.partner() == null ? "" : v.partner().name(),
                        v.partner() == null ? "" : v.partner().email(), c.type(), c.status().apiName(),
                        new Money(c.amount(), c.currency()).major().toPlainString(),
                        new Money(c.earnings(), c.currency()).major().toPlainString(), c.currency(), c.customerId(),
                        c.invoiceId(), Timestamps.iso(c.createdAt())));
            }
            if (batch.size() < CommissionQuery.MAX_PAGE_SIZE) {
                break;
            }
        }
        web.csv("commissions.csv", csv.toString());
    }

    /** Approving a held commission releases it to pending: it is owed and goes into the next payout. */
    private void approve(Web web) {
        if (commissions.get(web.ws(), web.param("id")).commission().status() != CommissionStatus.HOLD) {
            throw ApiException.conflict("Only held commissions are approved here.");
        }
        commissions.update(web.ws(), web.param("id"), Map.of("status", CommissionStatus.PENDING.apiName()));
        web.redirect("/dashboard/commissions", "Commission approved: it is pending and will be paid out.");
    }

    private void reject(Web web) {
        String status = web.form.text("status");
        if (!CommissionStatus.FRAUD.apiName().equals(status) && !CommissionStatus.CANCELED.apiName().equals(status)) {
            throw ApiException.invalid("status", "must be fraud or canceled");
        }
        CommissionView current = commissions.get(web.ws(), web.param("id"));
        if (current.commission().status() != CommissionStatus.HOLD && current.commission().status() != CommissionStatus.PENDING) {
            throw ApiException.conflict("Only pending or held commissions are rejected here.");
        }
        commissions.update(web.ws(), web.param("id"), Map.of("status", status));
        web.redirect("/dashboard/commissions", "Commission rejected (" + status + ").");
    }
}
