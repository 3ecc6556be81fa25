package dev.referly.http;

import dev.referly.webhooks.Delivery;
import dev.referly.webhooks.Webhook;
import dev.referly.webhooks.WebhookService;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;

/** Outgoing webhook endpoints, their secrets, delivery log and replays. */
final class WebhookRoutes {
    private final WebhookService webhooks;
    private final Authenticator auth;

    WebhookRoutes(WebhookService webhooks, Authenticator auth) {
        this.webhooks = webhooks;
        this.auth = auth;
    }

    void register(HttpRules rules) {
        rules.get("/webhooks", this::list)
                .post("/webhooks", this::create)
                .get("/webhooks/{id}", this::get)
                .patch("/webhooks/{id}", this::update)
                .delete("/webhooks/{id}", this::delete)
                .post("/webhooks/{id}/rotate-secret", this::rotate)
                .get("/webhooks/{id}/deliveries", this::deliveries)
                .post("/webhooks/{id}/deliveries/replay", this::replayRange)
                .get("/webhooks/{id}/deliveries/{deliveryId}", this::delivery)
                .post("/webhooks/{id}/deliveries/{deliveryId}/replay", this::replay);
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }

    private void list(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Json.send(res, 200, webhooks.list(ws).stream().map(Webhook::toApi).toList());
    }

    private void create(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Json.send(res, 200, webhooks.create(ws, Json.object(req)).toApi());
    }

    private void get(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Json.send(res, 200, webhooks.get(ws, id(req)).toApi());
    }

    private void update(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Json.send(res, 200, webhooks.update(ws, id(req), Json.object(req)).toApi());
    }

    private void delete(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        webhooks.delete(ws, id(req));
        Json.send(res, 200, Map.of("id", id(req)));
    }

    private void rotate(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Map<String, Object> body = req.content().hasEntity() ? Json.object(req) : Map.of();
        Json.send(res, 200, webhooks.rotateSecret(ws, id(req), body).toApi());
    }

    private void deliveries(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Params p = new Params(req);
        Json.send(res, 200, webhooks.deliveries(ws, id(req), p.text("status"), p.text("event"), p.integer("page", 1),
                p.integer("pageSize", 50)).stream().map(Delivery::toApi).toList());
    }

    private void delivery(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Json.send(res, 200, webhooks.delivery(ws, id(req), req.path().pathParameters().get("deliveryId")).toApi());
    }

    private void replay(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Json.send(res, 200, webhooks.replay(ws, id(req), req.path().pathParameters().get("deliveryId")).toApi());
    }

    private void replayRange(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Json.send(res, 200, Map.of("replayed", webhooks.replayRange(ws, id(req), Json.object(req))));
    }
}
