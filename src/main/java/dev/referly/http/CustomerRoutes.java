package dev.referly.http;

import dev.referly.conversions.Customer;
import dev.referly.conversions.CustomerQuery;
import dev.referly.conversions.CustomerService;
import dev.referly.links.Link;
import dev.referly.links.LinkField;
import dev.referly.links.LinkService;
import dev.referly.programs.Discount;
import dev.referly.programs.Partner;
import dev.referly.programs.PartnerService;
import dev.referly.programs.Referrer;
import dev.referly.shared.Timestamps;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Dub's /customers API. */
final class CustomerRoutes {
    private final CustomerService customers;
    private final LinkService links;
    private final PartnerService partners;
    private final Authenticator auth;

    CustomerRoutes(CustomerService customers, LinkService links, PartnerService partners, Authenticator auth) {
        this.customers = customers;
        this.links = links;
        this.partners = partners;
        this.auth = auth;
    }

    void register(HttpRules rules) {
        rules.get("/customers", this::list)
                .get("/customers/{id}", this::get)
                .patch("/customers/{id}", this::update)
                .delete("/customers/{id}", this::delete);
    }

    private void list(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Params p = new Params(req);
        List<Customer> found = customers.list(ws, new CustomerQuery(p.text("email"), p.text("externalId"),
                p.text("search"), p.text("country"), p.text("linkId"), p.text("sortBy"), p.ascending("sortOrder"),
                p.integer("page", 1), p.integer("pageSize", CustomerQuery.MAX_PAGE_SIZE), p.text("startingAfter"),
                p.text("endingBefore")));
        boolean expand = p.bool("includeExpandedFields", false);
        Set<String> linkIds = expand ? found.stream().map(Customer::linkId).filter(id -> id != null)
                .collect(Collectors.toSet()) : Set.of();
        Map<String, Link> linkById = expand ? links.byIds(ws, linkIds) : Map.of();
        Map<String, Referrer> referrers = expand ? partners.referrersOfLinks(ws, linkIds) : Map.of();
        Json.send(res, 200, found.stream().map(c -> json(c, expand, linkById, referrers)).toList());
    }

    private void get(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Customer c = customers.get(ws, req.path().pathParameters().get("id"));
        send(res, ws, c, new Params(req).bool("includeExpandedFields", false));
    }

    private void update(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Customer c = customers.update(ws, req.path().pathParameters().get("id"), Json.object(req));
        send(res, ws, c, false);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Json.send(res, 200, Map.of("id", customers.erase(ws, req.path().pathParameters().get("id"))));
    }

    private void send(ServerResponse res, String ws, Customer c, boolean expand) {
        Set<String> linkIds = expand && c.linkId() != null ? Set.of(c.linkId()) : Set.of();
        Json.send(res, 200, json(c, expand, links.byIds(ws, linkIds), partners.referrersOfLinks(ws, linkIds)));
    }

    private static Map<String, Object> partner(Partner p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", p.id());
        json.put("name", p.name());
        json.put("email", p.email());
        json.put("image", p.image());
        json.put("tenantId", p.tenantId());
        json.put("groupId", p.groupId());
        return json;
    }

    static Map<String, Object> json(Customer c, boolean expand, Map<String, Link> linkById,
            Map<String, Referrer> referrers) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", c.id());
        json.put("externalId", c.externalId() == null ? "" : c.externalId()); // "" once erased
        json.put("name", c.name());
        json.put("email", c.email());
        json.put("avatar", c.avatar());
        json.put("country", c.country());
        json.put("stripeCustomerId", c.stripeCustomerId());
        json.put("sales", c.sales());
        json.put("saleAmount", c.saleAmount());
        json.put("createdAt", Timestamps.iso(c.createdAt()));
        json.put("firstSaleAt", Timestamps.isoOrNull(c.firstSaleAt()));
        json.put("subscriptionCanceledAt", Timestamps.isoOrNull(c.subscriptionCanceledAt()));
        if (expand) {
            Link link = c.linkId() == null ? null : linkById.get(c.linkId());
            if (link == null) {
                json.put("link", null);
            } else {
                Map<String, Object> full = LinkJson.of(link);
                Map<String, Object> l = new LinkedHashMap<>();
                for (String key : List.of("id", "domain", "key", "shortLink", "url", "programId")) {
                    l.put(key, full.get(key));
                }
                json.put("link", l);
            }
            json.put("programId", link == null ? null : link.get(LinkField.PROGRAM_ID));
            Referrer referrer = c.linkId() == null ? null : referrers.get(c.linkId());
            json.put("partner", referrer == null ? null : partner(referrer.partner()));
            json.put("discount", referrer == null ? null : referrer.discount().map(Discount::toApi).orElse(null));
        }
        return json;
    }
}
