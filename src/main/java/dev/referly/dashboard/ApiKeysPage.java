package dev.referly.dashboard;

import static dev.referly.dashboard.Html.esc;

import dev.referly.workspaces.WorkspaceService;

/** The workspace's API keys (owners only): create one, shown once, or revoke one. */
final class ApiKeysPage implements Dashboard.Page {
    private final WorkspaceService workspaces;

    ApiKeysPage(WorkspaceService workspaces) {
        this.workspaces = workspaces;
    }

    @Override
    public void register(Dashboard.Routes routes) {
        routes.ownerGet("/dashboard/api-keys", web -> show(web, null));
        routes.ownerPost("/dashboard/api-keys", this::create);
        routes.ownerPost("/dashboard/api-keys/{id}/revoke", this::revoke);
    }

    private void show(Web web, String newKey) {
        StringBuilder rows = new StringBuilder();
        for (WorkspaceService.ApiKey k : workspaces.keys(web.ws())) {
            rows.append("<tr><th scope=\"row\">").append(esc(k.name())).append("</th><td><code>").append(esc(k.partialKey()))
                    .append("</code></td><td>").append(esc(Format.when(k.createdAt()))).append("</td><td>")
                    .append(k.revokedAt() == null
                            ? Html.postButton("/dashboard/api-keys/" + k.id() + "/revoke", web.csrf(), "Revoke " + k.name(),
                            "danger")
                            : "Revoked " + esc(Format.when(k.revokedAt())))
                    .append("</td></tr>");
        }
        String body = (newKey == null ? "" : "<div class=\"notice\" role=\"status\"><p>Your new key — copy it now,"
                + " it is not shown again:</p><p><code id=\"new-key\">" + esc(newKey) + "</code></p></div>")
                + "<form method=\"post\" action=\"/dashboard/api-keys\" class=\"toolbar\">" + Html.csrf(web.csrf())
                + "<label for=\"name\">Name</label><input id=\"name\" name=\"name\" required maxlength=\"190\">"
                + "<button type=\"submit\">Create API key</button></form>"
                + "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Key</th>"
                + "<th scope=\"col\">Created</th><th scope=\"col\">State</th></tr></thead><tbody>" + rows
                + "</tbody></table></div>";
        web.html(200, Layout.page(web, "/dashboard/api-keys", "API keys", body));
    }

    private void create(Web web) {
        show(web, workspaces.createKey(web.ws(), web.form.text("name")));
    }

    private void revoke(Web web) {
        workspaces.revokeKey(web.ws(), web.param("id"));
        web.redirect("/dashboard/api-keys", "The key was revoked.");
    }
}
