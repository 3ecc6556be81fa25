package dev.referly.dashboard;

import static dev.referly.dashboard.Html.esc;

import java.util.List;

/** The workspace's dashboard accounts (owners only): add a member or owner, or remove one. */
final class MembersPage implements Dashboard.Page {
    private final Accounts accounts;

    MembersPage(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public void register(Dashboard.Routes routes) {
        routes.ownerGet("/dashboard/members", this::show);
        routes.ownerPost("/dashboard/members", this::add);
        routes.ownerPost("/dashboard/members/{id}/remove", this::remove);
    }

    private void show(Web web) {
        StringBuilder rows = new StringBuilder();
        for (Account a : accounts.list(web.ws())) {
            rows.append("<tr><th scope=\"row\">").append(esc(a.email())).append("</th><td>").append(a.role().apiName())
                    .append("</td><td>").append(esc(Format.when(a.createdAt()))).append("</td><td>")
                    .append(a.id().equals(web.account().id()) ? "You"
                            : Html.postButton("/dashboard/members/" + a.id() + "/remove", web.csrf(), "Remove " + a.email(),
                            "danger"))
                    .append("</td></tr>");
        }
        String body = "<form method=\"post\" action=\"/dashboard/members\" class=\"card stack\">" + Html.csrf(web.csrf())
                + "<h2>Add someone</h2><label for=\"email\">Email</label><input id=\"email\" name=\"email\" type=\"email\" required>"
                + "<label for=\"password\">Initial password (at least " + Accounts.MIN_PASSWORD + " characters)</label>"
                + "<input id=\"password\" name=\"password\" type=\"password\" required autocomplete=\"new-password\">"
                + "<label for=\"role\">Role</label><select id=\"role\" name=\"role\">"
                + Html.options(List.of(new String[] {"member", "Member: program pages"},
                        new String[] {"owner", "Owner: also API keys and members"}), "member")
                + "</select><button type=\"submit\">Add</button></form>"
                + "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Email</th><th scope=\"col\">Role</th>"
                + "<th scope=\"col\">Since</th><th scope=\"col\">Actions</th></tr></thead><tbody>" + rows
                + "</tbody></table></div>";
        web.html(200, Layout.page(web, "/dashboard/members", "Members", body));
    }

    private void add(Web web) {
        Account a = accounts.create(web.ws(), web.form.text("email"), web.form.raw("password"),
                Role.parse(web.form.text("role") == null ? "member" : web.form.text("role")));
        web.redirect("/dashboard/members", a.email() + " was added.");
    }

    private void remove(Web web) {
        accounts.delete(web.ws(), web.param("id"));
        web.redirect("/dashboard/members", "Removed.");
    }
}
