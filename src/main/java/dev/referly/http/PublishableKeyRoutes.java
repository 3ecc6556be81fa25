package dev.referly.http;

import dev.referly.embed.PublishableKeys;
import dev.referly.shared.ApiException;
import dev.referly.shared.Timestamps;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** /publishable-keys: the attribution script's browser keys, managed with a secret API key. */
final class PublishableKeyRoutes {
    private final PublishableKeys keys;
    private final Authenticator auth;

    PublishableKeyRoutes(PublishableKeys keys, Authenticator auth) {
        this.keys = keys;
        this.auth = auth;
    }

    void register(HttpRules rules) {
        rules.post("/publishable-keys", this::create).get("/publishable-keys", this::list)
                .delete("/publishable-keys/{id}", this::revoke);
    }

    private void create(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Map<String, Object> body = Json.object(req);
        Object name = body.get("name");
        if (name != null && !(name instanceof String)) {
            throw ApiException.invalid("name", "must be a string");
        }
        if (!(body.get("allowedHostnames") instanceof List<?> raw)) {
            throw ApiException.invalid("allowedHostnames", "must be an array of hostnames");
        }
        List<String> hosts = new ArrayList<>();
        for (Object h : raw) {
            if (!(h instanceof String s)) {
                throw ApiException.invalid("allowedHostnames", "must be an array of hostnames");
            }
            hosts.add(s);
        }
        Object maxSale = body.get("maxSaleAmount");
        if (maxSale != null && !(maxSale instanceof Integer || maxSale instanceof Long)) {
            throw ApiException.invalid("maxSaleAmount", "must be an integer (minor units), or absent to refuse sales"
                    + " from browsers");
        }
        PublishableKeys.Created created = keys.create(ws, (String) name, hosts,
                maxSale == null ? null : ((Number) maxSale).longValue());
        Map<String, Object> json = json(created.key());
        json.put("key", created.secret());
        Json.send(res, 201, json);
    }

    private void list(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Json.send(res, 200, keys.list(ws).stream().map(PublishableKeyRoutes::json).toList());
    }

    private void revoke(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        String id = req.path().pathParameters().get("id");
        keys.revoke(ws, id);
        Json.send(res, 200, Map.of("id", id));
    }

    private static Map<String, Object> json(PublishableKeys.Key k) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", k.id());
        json.put("name", k.name());
        json.put("partialKey", k.partialKey());
        json.put("allowedHostnames", k.allowedHostnames());
        json.put("maxSaleAmount", k.maxSaleAmount());
        json.put("createdAt", Timestamps.iso(k.createdAt()));
        return json;
    }
}
