package dev.referly.dashboard;

import static dev.referly.dashboard.Html.esc;

import dev.referly.programs.GroupService;
import dev.referly.programs.GroupView;
import dev.referly.programs.PartnerBanReason;
import dev.referly.programs.PartnerDetails;
import dev.referly.programs.PartnerInput;
import dev.referly.programs.PartnerQuery;
import dev.referly.programs.PartnerService;
import dev.referly.programs.PartnerStatus;
import dev.referly.workspaces.WorkspaceService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Partners with their totals, group and status; move one to another group, or ban one. */
final class PartnersPage implements Dashboard.Page {
    private static final int PAGE_SIZE = 50;

    private final PartnerService partners;
    private final GroupService groups;
    private final WorkspaceService workspaces;

    PartnersPage(PartnerService partners, GroupService groups, WorkspaceService workspaces) {
        this.partners = partners;
        this.groups = groups;
        this.workspaces = workspaces;
    }

    @Override
    public void register(Dashboard.Routes routes) {
        routes.get("/dashboard/partners", this::show);
        routes.post("/dashboard/partners/{id}/group", this::move);
        routes.post("/dashboard/partners/{id}/ban", this::ban);
    }

    private void show(Web web) {
        String status = web.query("status");
        String search = web.query("search");
        int page = web.page();
        List<PartnerDetails> list = partners.list(web.ws(), new PartnerQuery(
                status == null ? null : PartnerStatus.parse("status", status), null, null, web.query("groupId"), null,
                search, PartnerQuery.Sort.CREATED_AT, false, page, PAGE_SIZE));
        List<GroupView> all = groups.list(web.ws(), 1, GroupService.MAX_PAGE_SIZE);
        Map<String, String> groupNames = new HashMap<>();
        List<String[]> groupOptions = new ArrayList<>();
        for (GroupView g : all) {
            groupNames.put(g.group().id(), g.group().name());
            groupOptions.add(new String[] {g.group().id(), g.group().name()});
        }
        List<String[]> statuses = new ArrayList<>();
        statuses.add(new String[] {"", "Any status"});
        for (PartnerStatus s : PartnerStatus.values()) {
            statuses.add(new String[] {s.apiName(), s.apiName()});
        }
        List<String[]> reasons = new ArrayList<>();
        for (PartnerBanReason r : PartnerBanReason.values()) {
            reasons.add(new String[] {r.apiName(), r.apiName().replace('_', ' ')});
        }
        String currency = workspaces.get(web.ws()).currency();
        StringBuilder rows = new StringBuilder();
        for (PartnerDetails d : list) {
            var p = d.partner();
            var t = d.totals();
            String idAttr = esc(p.id());
            rows.append("<tr id=\"partner-").append(idAttr).append("\"><th scope=\"row\">").append(esc(p.name()))
                    .append("<br><small>").append(esc(p.email())).append("</small></th>")
                    .append("<td>").append(esc(p.status().apiName())).append("</td>")
                    .append("<td>").append(esc(groupNames.getOrDefault(p.groupId(), p.groupId()))).append("</td>")
                    .append("<td class=\"num\">").append(Format.count(t.clicks())).append("</td>")
                    .append("<td class=\"num\">").append(Format.count(t.leads())).append("</td>")
                    .append("<td class=\"num\">").append(Format.count(t.sales())).append("</td>")
                    .append("<td class=\"num\">").append(esc(Format.money(t.saleAmount(), currency))).append("</td>")
                    .append("<td class=\"num\">").append(esc(Format.money(t.commissions(), currency))).append("</td>")
                    .append("<td class=\"actions\">")
                    .append("<form method=\"post\" action=\"/dashboard/partners/").append(idAttr).append("/group\">")
                    .append(Html.csrf(web.csrf()))
                    .append("<label for=\"g-").append(idAttr).append("\" class=\"sr-only\">Group for ").append(esc(p.name()))
                    .append("</label><select id=\"g-").append(idAttr).append("\" name=\"groupId\">")
                    .append(Html.options(groupOptions, p.groupId())).append("</select>")
                    .append("<button type=\"submit\">Move</button></form>");
            if (p.status() != PartnerStatus.BANNED) {
                rows.append("<form method=\"post\" action=\"/dashboard/partners/").append(idAttr).append("/ban\">")
                        .append(Html.csrf(web.csrf()))
                        .append("<label for=\"r-").append(idAttr).append("\" class=\"sr-only\">Ban reason for ")
                        .append(esc(p.name())).append("</label><select id=\"r-").append(idAttr).append("\" name=\"reason\">")
                        .append(Html.options(reasons, "")).append("</select>")
                        .append("<button type=\"submit\" class=\"danger\" data-confirm=\"Ban ").append(esc(p.name()))
                        .append("? Their links stop earning and pending commissions are canceled.\">Ban</button></form>");
            }
            rows.append("</td></tr>");
        }
        String body = "<form method=\"get\" action=\"/dashboard/partners\" class=\"toolbar\">"
                + "<label for=\"search\">Search</label><input id=\"search\" name=\"search\" type=\"search\" value=\""
                + esc(search) + "\"><label for=\"status\">Status</label><select id=\"status\" name=\"status\">"
                + Html.options(statuses, status == null ? "" : status) + "</select><button type=\"submit\">Filter</button></form>"
                + (list.isEmpty() ? "<p>No partners yet. Enroll partners with POST /partners.</p>"
                : "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Partner</th><th scope=\"col\">Status</th>"
                + "<th scope=\"col\">Group</th><th scope=\"col\">Clicks</th><th scope=\"col\">Leads</th>"
                + "<th scope=\"col\">Sales</th><th scope=\"col\">Revenue</th><th scope=\"col\">Commissions</th>"
                + "<th scope=\"col\">Actions</th></tr></thead><tbody>" + rows + "</tbody></table></div>")
                + Pager.links("/dashboard/partners", join(Pager.q("status", status), Pager.q("search", search)), page,
                list.size(), PAGE_SIZE);
        web.html(200, Layout.page(web, "/dashboard/partners", "Partners", body));
    }

    static String join(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (!p.isEmpty()) {
                b.append(b.isEmpty() ? "" : "&").append(p);
            }
        }
        return b.toString();
    }

    private void move(Web web) {
        String id = web.param("id");
        partners.update(web.ws(), id, PartnerInput.parse(Map.of("groupId", String.valueOf(web.form.text("groupId")))));
        web.redirect("/dashboard/partners", "Partner moved.");
    }

    private void ban(Web web) {
        partners.ban(web.ws(), web.param("id"), null, PartnerBanReason.parse(web.form.text("reason")));
        web.redirect("/dashboard/partners", "Partner banned.");
    }
}
