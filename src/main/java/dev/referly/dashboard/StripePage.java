package dev.referly.dashboard;

import static dev.referly.dashboard.Html.esc;

import dev.referly.integrations.stripe.StoredEvent;
import dev.referly.integrations.stripe.StripeConnection;
import dev.referly.integrations.stripe.StripeIntegration;
import dev.referly.integrations.stripe.StripeWebhooks;
import io.helidon.http.HeaderNames;
import java.util.List;
import java.util.Optional;

/**
 * The Stripe connection: connected or not, the webhook URL to paste into Stripe and the events to
 * select, and the events that wait or failed, each with a retry button (as POST
 * /integrations/stripe/events/{id}/retry). Connecting stays in the API: it takes the signing secret.
 */
final class StripePage implements Dashboard.Page {
    /** Where Stripe posts, as served by the API's StripeRoutes. */
    static final String WEBHOOK_PATH = StripeIntegration.WEBHOOK_PATH;
    private static final int PAGE_SIZE = 50;

    private final StripeIntegration stripe;

    StripePage(StripeIntegration stripe) {
        this.stripe = stripe;
    }

    @Override
    public void register(Dashboard.Routes routes) {
        routes.get("/dashboard/stripe", this::show);
        routes.post("/dashboard/stripe/events/{id}/retry", this::retry);
    }

    private void show(Web web) {
        Optional<StripeConnection> connection = stripe.connections().find(web.ws());
        String host = web.req.headers().first(HeaderNames.HOST).orElse("localhost");
        String url = (Web.https(web.req) ? "https" : "http") + "://" + host + WEBHOOK_PATH + "/" + web.ws();
        StringBuilder body = new StringBuilder();
        if (connection.isPresent()) {
            StripeConnection c = connection.get();
            body.append("<dl class=\"card details\"><div><dt>Status</dt><dd id=\"stripe-status\">Connected (")
                    .append(esc(c.mode())).append(" mode)</dd></div>")
                    .append("<div><dt>Webhook URL</dt><dd><code id=\"webhook-url\">").append(esc(url)).append("</code></dd></div>")
                    .append(c.accountId() == null ? "" : "<div><dt>Account</dt><dd><code>" + esc(c.accountId())
                            + "</code></dd></div>")
                    .append("<div><dt>Signing secrets</dt><dd>");
            for (StripeConnection.Secret s : c.secrets()) {
                body.append("<code>").append(esc(s.hint())).append("</code>")
                        .append(s.expiresAt() == null ? "" : " until " + esc(Format.when(s.expiresAt()))).append("<br>");
            }
            body.append("</dd></div><div><dt>Free trials</dt><dd>").append(c.trackFreeTrials() ? "tracked" : "not tracked")
                    .append("</dd></div></dl>");
        } else {
            body.append("<div class=\"card\"><p id=\"stripe-status\">Not connected.</p><p>In Stripe, add a webhook"
                    + " endpoint with this URL:</p><p><code id=\"webhook-url\">").append(esc(url)).append("</code></p>")
                    .append("<p>Then give Referly its signing secret with <code>PUT /integrations/stripe</code>"
                            + " (see the README's Stripe section).</p></div>");
        }
        body.append("<details><summary>Events to select in Stripe</summary><ul>");
        for (String t : StripeWebhooks.eventTypes()) {
            body.append("<li><code>").append(esc(t)).append("</code></li>");
        }
        body.append("</ul></details>");
        for (String state : List.of("failed", "waiting")) {
            List<StoredEvent> events = stripe.webhooks().list(web.ws(), state, null, 1, PAGE_SIZE);
            body.append("<h2>").append(state.equals("failed") ? "Failed events" : "Waiting events").append("</h2>");
            if (events.isEmpty()) {
                body.append("<p>None.</p>");
                continue;
            }
            body.append("<div class=\"scroll\"><table id=\"stripe-").append(state).append("\"><thead><tr>"
                    + "<th scope=\"col\">Event</th><th scope=\"col\">Reason</th><th scope=\"col\">Attempts</th>"
                    + "<th scope=\"col\">Received</th><th scope=\"col\">Actions</th></tr></thead><tbody>");
            for (StoredEvent e : events) {
                body.append("<tr><th scope=\"row\">").append(esc(e.type())).append("<br><small><code>").append(esc(e.eventId()))
                        .append("</code></small></th><td>").append(esc(e.reason())).append("</td><td class=\"num\">")
                        .append(e.attempts()).append("</td><td>").append(esc(Format.when(e.receivedAt()))).append("</td><td>")
                        .append(Html.postButton("/dashboard/stripe/events/" + e.eventId() + "/retry", web.csrf(), "Retry", ""))
                        .append("</td></tr>");
            }
            body.append("</tbody></table></div>");
        }
        web.html(200, Layout.page(web, "/dashboard/stripe", "Stripe", body.toString()));
    }

    private void retry(Web web) {
        StoredEvent e = stripe.webhooks().retry(web.ws(), web.param("id"));
        web.redirect("/dashboard/stripe", "Event " + e.eventId() + " ran again: " + e.state()
                + (e.reason() == null ? "." : " (" + e.reason() + ")."));
    }
}
