package dev.referly.http;

import dev.referly.integrations.stripe.DiscountCodes;
import dev.referly.integrations.stripe.StoredEvent;
import dev.referly.integrations.stripe.StripeConnection;
import dev.referly.integrations.stripe.StripeIntegration;
import dev.referly.integrations.stripe.StripeWebhooks;
import dev.referly.shared.Timestamps;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Stripe integration: the connection (PUT/GET/DELETE /integrations/stripe), the webhook
 * endpoints Stripe posts to (no API key: the Stripe-Signature header is the proof), the received
 * events and the partners' promotion codes.
 */
final class StripeRoutes {
    private static final HeaderName STRIPE_SIGNATURE = HeaderNames.create("Stripe-Signature");
    private static final String WEBHOOK_PATH = StripeIntegration.WEBHOOK_PATH;

    private final StripeIntegration stripe;
    private final Authenticator auth;

    StripeRoutes(StripeIntegration stripe, Authenticator auth) {
        this.stripe = stripe;
        this.auth = auth;
    }

    void register(HttpRules rules) {
        rules.put("/integrations/stripe", this::connect)
                .get("/integrations/stripe", this::show)
                .delete("/integrations/stripe", this::disconnect)
                .post(WEBHOOK_PATH, this::sharedWebhook)
                .post(WEBHOOK_PATH + "/{workspaceId}", this::webhook)
                .get("/integrations/stripe/events", this::events)
                .get("/integrations/stripe/events/{id}", this::event)
                .post("/integrations/stripe/events/{id}/retry", this::retry)
                .get("/integrations/stripe/promotion-codes", this::promotionCodes)
                .put("/integrations/stripe/promotion-codes/{id}", this::mapPromotionCode)
                .delete("/integrations/stripe/promotion-codes/{id}", this::unmapPromotionCode);
    }

    private void connect(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Json.send(res, 200, json(req, stripe.connections().connect(ws, Json.object(req))));
    }

    private void show(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Json.send(res, 200, json(req, stripe.connections().get(ws)));
    }

    private void disconnect(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        stripe.connections().disconnect(ws);
        Json.send(res, 200, Map.of("workspaceId", ws, "connected", false));
    }

    private void webhook(ServerRequest req, ServerResponse res) {
        send(res, stripe.webhooks().receive(req.path().pathParameters().get("workspaceId"), body(req), signature(req)));
    }

    private void sharedWebhook(ServerRequest req, ServerResponse res) {
        send(res, stripe.webhooks().receiveShared(body(req), signature(req)));
    }

    private static String body(ServerRequest req) {
        byte[] bytes = req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0];
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String signature(ServerRequest req) {
        return req.headers().first(STRIPE_SIGNATURE).orElse(null);
    }

    private static void send(ServerResponse res, StripeWebhooks.Receipt r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("received", true);
        json.put("eventId", r.eventId());
        json.put("type", r.type());
        json.put("state", r.state());
        json.put("reason", r.reason());
        json.put("duplicate", r.duplicate());
        Json.send(res, 200, json);
    }

    private void events(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Params p = new Params(req);
        Json.send(res, 200, stripe.webhooks().list(ws, p.text("state"), p.text("type"), p.integer("page", 1),
                p.integer("pageSize", StripeWebhooks.MAX_PAGE_SIZE)).stream()
                .map(e -> StripeWebhooks.json(e, false)).toList());
    }

    private void event(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        StoredEvent e = stripe.webhooks().get(ws, req.path().pathParameters().get("id"));
        Json.send(res, 200, StripeWebhooks.json(e, true));
    }

    private void retry(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Json.send(res, 200, StripeWebhooks.json(stripe.webhooks().retry(ws, req.path().pathParameters().get("id")), false));
    }

    private void promotionCodes(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Json.send(res, 200, stripe.discountCodes().list(ws, new Params(req).text("partnerId")).stream()
                .map(StripeRoutes::json).toList());
    }

    private void mapPromotionCode(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Json.send(res, 200, json(stripe.discountCodes().put(ws, req.path().pathParameters().get("id"), Json.object(req))));
    }

    private void unmapPromotionCode(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        String id = req.path().pathParameters().get("id");
        stripe.discountCodes().delete(ws, id);
        Json.send(res, 200, Map.of("promotionCodeId", id));
    }

    private static Map<String, Object> json(DiscountCodes.DiscountCode d) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", d.id());
        json.put("promotionCodeId", d.promotionCodeId());
        json.put("code", d.code());
        json.put("partnerId", d.partnerId());
        json.put("linkId", d.linkId());
        json.put("createdAt", Timestamps.iso(d.createdAt()));
        json.put("updatedAt", Timestamps.iso(d.updatedAt()));
        return json;
    }

    /** The connection, with the URLs to paste into Stripe (built from the Host the admin called us on). */
    private static Map<String, Object> json(ServerRequest req, StripeConnection c) {
        String host = req.headers().first(HeaderNames.HOST).orElse("localhost");
        String scheme = req.headers().first(HeaderNames.X_FORWARDED_PROTO).filter("https"::equalsIgnoreCase)
                .isPresent() || req.isSecure() ? "https" : "http";
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("workspaceId", c.workspaceId());
        json.put("connected", true);
        json.put("mode", c.mode());
        json.put("accountId", c.accountId());
        json.put("trackFreeTrials", c.trackFreeTrials());
        json.put("trackTrialQuantity", c.trackTrialQuantity());
        json.put("apiKeyLast4", c.apiKeyLast4());
        json.put("provisionCredits", c.provisionCredits());
        json.put("webhookUrl", scheme + "://" + host + WEBHOOK_PATH + "/" + c.workspaceId());
        json.put("sharedWebhookUrl", c.accountId() == null ? null : scheme + "://" + host + WEBHOOK_PATH);
        json.put("events", StripeWebhooks.eventTypes());
        json.put("secrets", c.secrets().stream().map(s -> {
            Map<String, Object> secret = new LinkedHashMap<>();
            secret.put("id", s.id());
            secret.put("hint", s.hint());
            secret.put("createdAt", Timestamps.iso(s.createdAt()));
            secret.put("expiresAt", Timestamps.isoOrNull(s.expiresAt()));
            return secret;
        }).toList());
        json.put("createdAt", Timestamps.iso(c.createdAt()));
        json.put("updatedAt", Timestamps.iso(c.updatedAt()));
        return json;
    }
}
