package dev.referly.dashboard;

import static dev.referly.dashboard.Html.esc;

import dev.referly.webhooks.Delivery;
import dev.referly.webhooks.EventTypes;
import dev.referly.webhooks.Webhook;
import dev.referly.webhooks.WebhookService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Outgoing webhooks: the endpoints, one endpoint's deliveries (status, attempts, the receiver's
 * answer and latency) with a replay button. Creating, disabling and enabling an endpoint decide
 * where the workspace's data goes and show its signing secret, so they are for owners, like API
 * keys; members see endpoints and deliveries and may replay one.
 */
final class WebhooksPage implements Dashboard.Page {
    private static final int PAGE_SIZE = 50;

    private final WebhookService webhooks;

    WebhooksPage(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public void register(Dashboard.Routes routes) {
        routes.get("/dashboard/webhooks", web -> list(web, null));
        routes.ownerPost("/dashboard/webhooks", this::create);
        routes.ownerPost("/dashboard/webhooks/{id}/disable", web -> setDisabled(web, true));
        routes.ownerPost("/dashboard/webhooks/{id}/enable", web -> setDisabled(web, false));
        routes.get("/dashboard/webhooks/{id}", this::deliveries);
        routes.post("/dashboard/webhooks/{id}/deliveries/{delivery}/replay", this::replay);
    }

    private void list(Web web, WebhookService.WithSecret created) {
        boolean owner = web.account().isOwner();
        StringBuilder rows = new StringBuilder();
        for (Webhook w : webhooks.list(web.ws())) {
            String id = esc(w.id());
            rows.append("<tr id=\"webhook-").append(id).append("\"><th scope=\"row\"><a href=\"/dashboard/webhooks/")
                    .append(id).append("\">").append(esc(w.name())).append("</a><br><small>").append(esc(w.url()))
                    .append("</small></th><td>").append(esc(String.join(", ", w.triggers()))).append("</td><td class=\"status\">")
                    .append(w.disabledAt() == null ? (w.consecutiveFailures() > 0 ? "failing (" + w.consecutiveFailures()
                            + " in a row)" : "active")
                            : "disabled " + esc(Format.when(w.disabledAt())) + (w.disabledReason() == null ? ""
                            : "<br><small>" + esc(w.disabledReason()) + "</small>"))
                    .append("</td><td class=\"actions\"><a href=\"/dashboard/webhooks/").append(id)
                    .append("\">Deliveries<span class=\"sr-only\"> of ").append(esc(w.name())).append("</span></a> ");
            if (owner) {
                rows.append(w.disabledAt() == null
                        ? Html.postButton("/dashboard/webhooks/" + w.id() + "/disable", web.csrf(), "Disable " + w.name(),
                        "danger")
                        : Html.postButton("/dashboard/webhooks/" + w.id() + "/enable", web.csrf(), "Enable " + w.name(), ""));
            }
            rows.append("</td></tr>");
        }
        StringBuilder triggers = new StringBuilder();
        for (String t : EventTypes.ALL) {
            String fid = "t-" + t.replace('.', '-');
            triggers.append("<label for=\"").append(fid).append("\"><input type=\"checkbox\" id=\"").append(fid)
                    .append("\" name=\"trigger.").append(esc(t)).append("\" value=\"on\"> ").append(esc(t)).append("</label>");
        }
        String body = (created == null ? "" : "<div class=\"notice\" role=\"status\"><p>Endpoint created. Its signing"
                + " secret — copy it now, it is not shown again:</p><p><code id=\"new-secret\">" + esc(created.secret())
                + "</code></p></div>")
                + (owner ? "<form method=\"post\" action=\"/dashboard/webhooks\" class=\"card stack\">" + Html.csrf(web.csrf())
                + "<h2>Add an endpoint</h2><label for=\"name\">Name</label><input id=\"name\" name=\"name\" required"
                + " maxlength=\"" + WebhookService.MAX_NAME + "\"><label for=\"url\">URL</label>"
                + "<input id=\"url\" name=\"url\" type=\"url\" required placeholder=\"https://\">"
                + "<fieldset class=\"checks\"><legend>Events</legend>" + triggers + "</fieldset>"
                + "<button type=\"submit\">Add endpoint</button></form>" : "")
                + (rows.isEmpty() ? "<p>No endpoints yet.</p>"
                : "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Endpoint</th><th scope=\"col\">Events</th>"
                + "<th scope=\"col\">State</th><th scope=\"col\">Actions</th></tr></thead><tbody>" + rows
                + "</tbody></table></div>");
        web.html(200, Layout.page(web, "/dashboard/webhooks", "Webhooks", body));
    }

    private void create(Web web) {
        List<String> triggers = new ArrayList<>();
        for (String t : EventTypes.ALL) {
            if (web.form.text("trigger." + t) != null) {
                triggers.add(t);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", web.form.text("name"));
        body.put("url", web.form.text("url"));
        body.put("triggers", triggers);
        list(web, webhooks.create(web.ws(), body));
    }

    private void setDisabled(Web web, boolean disabled) {
        Webhook w = webhooks.update(web.ws(), web.param("id"), Map.of("disabled", disabled));
        web.redirect("/dashboard/webhooks", w.name() + (disabled ? " is disabled." : " is enabled again."));
    }

    private void deliveries(Web web) {
        Webhook w = webhooks.get(web.ws(), web.param("id"));
        String status = web.query("status");
        int page = web.page();
        List<Delivery> list = webhooks.deliveries(web.ws(), w.id(), status, null, page, PAGE_SIZE);
        StringBuilder rows = new StringBuilder();
        for (Delivery d : list) {
            Delivery.Attempt last = d.history().isEmpty() ? null : d.history().get(d.history().size() - 1);
            rows.append("<tr id=\"delivery-").append(esc(d.id())).append("\"><th scope=\"row\">").append(esc(d.eventType()))
                    .append("<br><small><code>").append(esc(d.eventId())).append("</code></small></th>")
                    .append("<td class=\"status\">").append(esc(d.status())).append("</td>")
                    .append("<td class=\"num\">").append(d.attempts()).append("</td>")
                    .append("<td>").append(last == null ? "" : last.responseStatus() == null ? esc(last.error())
                            : String.valueOf(last.responseStatus())).append("</td>")
                    .append("<td class=\"num latency\">").append(last == null ? "" : last.latencyMs() + " ms").append("</td>")
                    .append("<td>").append(esc(Format.when(d.createdAt()))).append("</td><td>")
                    .append(Html.postButton("/dashboard/webhooks/" + w.id() + "/deliveries/" + d.id() + "/replay", web.csrf(),
                            "Replay", ""))
                    .append("</td></tr>");
        }
        List<String[]> statuses = List.of(new String[] {"", "Any status"}, new String[] {"pending", "pending"},
                new String[] {"delivered", "delivered"}, new String[] {"failed", "failed"}, new String[] {"paused", "paused"});
        String path = "/dashboard/webhooks/" + w.id();
        String body = "<p><small>" + esc(w.url()) + "</small></p>"
                + "<form method=\"get\" action=\"" + esc(path) + "\" class=\"toolbar\">"
                + "<label for=\"status\">Status</label><select id=\"status\" name=\"status\">"
                + Html.options(statuses, status == null ? "" : status) + "</select><button type=\"submit\">Filter</button></form>"
                + (list.isEmpty() ? "<p>No deliveries yet.</p>"
                : "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Event</th><th scope=\"col\">Status</th>"
                + "<th scope=\"col\">Attempts</th><th scope=\"col\">Answer</th><th scope=\"col\">Latency</th>"
                + "<th scope=\"col\">Created</th><th scope=\"col\">Actions</th></tr></thead><tbody>" + rows
                + "</tbody></table></div>")
                + Pager.links(path, Pager.q("status", status), page, list.size(), PAGE_SIZE)
                + "<p><a href=\"/dashboard/webhooks\">All endpoints</a></p>";
        web.html(200, Layout.page(web, "/dashboard/webhooks", "Deliveries: " + w.name(), body));
    }

    private void replay(Web web) {
        String id = web.param("id");
        webhooks.replay(web.ws(), id, web.param("delivery"));
        web.redirect("/dashboard/webhooks/" + id, "The delivery is queued to be sent again.");
    }
}
