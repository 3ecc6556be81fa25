package dev.referly.http;

import dev.referly.links.BulkCreateResult;
import dev.referly.links.Link;
import dev.referly.links.LinkInput;
import dev.referly.links.LinkQuery;
import dev.referly.links.LinkService;
import dev.referly.shared.ApiException;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Dub's /links API. */
final class LinkRoutes {
    private final LinkService links;
    private final Authenticator auth;

    LinkRoutes(LinkService links, Authenticator auth) {
        this.links = links;
        this.auth = auth;
    }

    void register(HttpRules rules) {
        rules.post("/links", this::create)
                .get("/links", this::list)
                .get("/links/info", this::info)
                .get("/links/count", this::count)
                .put("/links/upsert", this::upsert)
                .post("/links/bulk", this::bulkCreate)
                .patch("/links/bulk", this::bulkUpdate)
                .delete("/links/bulk", this::bulkDelete)
                .get("/links/{linkId}", this::get)
                .patch("/links/{linkId}", this::update)
                .delete("/links/{linkId}", this::delete);
    }

    private void create(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Json.send(res, 200, LinkJson.of(links.create(ws, LinkInput.parse(Json.object(req)))));
    }

    private void list(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Json.send(res, 200, links.list(ws, query(new Params(req))).stream().map(LinkJson::of).toList());
    }

    private void count(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Json.send(res, 200, links.count(ws, query(new Params(req))));
    }

    private static LinkQuery query(Params p) {
        boolean tagFilter = p.text("tagId") != null || !p.list("tagIds").isEmpty() || !p.list("tagNames").isEmpty();
        return new LinkQuery(p.text("domain"), p.text("search"), p.text("tenantId"), p.text("partnerId"),
                p.text("folderId"), p.text("userId"), p.bool("showArchived", false), tagFilter, p.text("sortBy"),
                p.ascending("sortOrder"), p.integer("page", 1), p.integer("pageSize", LinkQuery.MAX_PAGE_SIZE));
    }

    private void info(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Params p = new Params(req);
        Json.send(res, 200, LinkJson.of(links.info(ws, p.text("domain"), p.text("key"), p.text("linkId"), p.text("externalId"))));
    }

    private void get(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Json.send(res, 200, LinkJson.of(links.get(ws, req.path().pathParameters().get("linkId"))));
    }

    private void update(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        String id = req.path().pathParameters().get("linkId");
        Json.send(res, 200, LinkJson.of(links.update(ws, id, LinkInput.parse(Json.object(req)))));
    }

    private void upsert(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Json.send(res, 200, LinkJson.of(links.upsert(ws, LinkInput.parse(Json.object(req)))));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Link deleted = links.delete(ws, req.path().pathParameters().get("linkId"));
        Json.send(res, 200, Map.of("id", deleted.id()));
    }

    @SuppressWarnings("unchecked")
    private void bulkCreate(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        List<Map<String, Object>> bodies = new ArrayList<>();
        for (Object item : Json.array(req)) {
            if (!(item instanceof Map<?, ?>)) {
                throw ApiException.badRequest("Each item of the array must be a link object.");
            }
            bodies.add((Map<String, Object>) item);
        }
        List<Object> out = new ArrayList<>();
        for (BulkCreateResult r : links.bulkCreate(ws, bodies)) {
            if (r.link() != null) {
                out.add(LinkJson.of(r.link()));
            } else {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("link", r.rejectedBody());
                error.put("error", r.error());
                error.put("code", r.errorCode().code());
                out.add(error);
            }
        }
        Json.send(res, 200, out);
    }

    @SuppressWarnings("unchecked")
    private void bulkUpdate(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Map<String, Object> body = Json.object(req);
        List<String> linkIds = stringList(body.get("linkIds"), "linkIds");
        List<String> externalIds = stringList(body.get("externalIds"), "externalIds");
        if (linkIds.isEmpty() && externalIds.isEmpty()) {
            throw ApiException.invalid("linkIds", "give linkIds or externalIds");
        }
        if (!(body.get("data") instanceof Map<?, ?> data)) {
            throw ApiException.invalid("data", "must be an object of link fields");
        }
        List<Link> updated = links.bulkUpdate(ws, linkIds, externalIds, LinkInput.parse((Map<String, Object>) data));
        Json.send(res, 200, updated.stream().map(LinkJson::of).toList());
    }

    private void bulkDelete(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        List<String> ids = new Params(req).list("linkIds");
        if (ids.isEmpty()) {
            throw ApiException.invalid("linkIds", "is required");
        }
        Json.send(res, 200, Map.of("deletedCount", links.bulkDelete(ws, ids)));
    }

    private static List<String> stringList(Object value, String field) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(v -> v instanceof String)) {
            throw ApiException.invalid(field, "must be an array of strings");
        }
        return list.stream().map(String.class::cast).toList();
    }
}
