package dev.referly.http;

import dev.referly.conversions.LeadResult;
import dev.referly.conversions.LeadService;
import dev.referly.conversions.SaleService;
import dev.referly.conversions.TrackLeadRequest;
import dev.referly.conversions.TrackSaleRequest;
import dev.referly.embed.PublishableKeys;
import dev.referly.links.Link;
import dev.referly.shared.ApiException;
import dev.referly.shared.ErrorCode;
import dev.referly.links.LinkService;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Dub's conversion tracking: POST /track/lead and POST /track/sale. */
final class TrackRoutes {
    private final LeadService leads;
    private final SaleService sales;
    private final LinkService links;
    private final Authenticator auth;
    private final ReferralClicks referralClicks;
    private final PublishableKeys publishableKeys;

    TrackRoutes(LeadService leads, SaleService sales, LinkService links, Authenticator auth,
            ReferralClicks referralClicks, PublishableKeys publishableKeys) {
        this.publishableKeys = publishableKeys;
        this.leads = leads;
        this.sales = sales;
        this.links = links;
        this.auth = auth;
        this.referralClicks = referralClicks;
    }

    void register(HttpRules rules) {
        rules.post("/track/lead", this::lead).post("/track/sale", this::sale).post("/track/click", referralClicks::click);
        // The attribution script calls these from the company's pages: answer the CORS preflight.
        // It carries no key, so it is answered for origins some live key allows; the key's own
        // allow-list is enforced on the real request.
        rules.options("/track/{kind}", this::preflight);
    }

    private void preflight(ServerRequest req, ServerResponse res) {
        String origin = req.headers().first(HeaderNames.ORIGIN).orElse(null);
        if (origin == null || !publishableKeys.anyAllows(origin)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Forbidden: no publishable key allows this origin.");
        }
        res.header("Access-Control-Allow-Origin", origin);
        res.header("Vary", "Origin");
        res.header("Access-Control-Allow-Methods", "POST, OPTIONS");
        res.header("Access-Control-Allow-Headers", "Authorization, Content-Type");
        res.header("Access-Control-Max-Age", "600");
        res.status(204);
        res.send();
    }

    private void lead(ServerRequest req, ServerResponse res) {
        Authenticator.TrackCaller caller = auth.trackCaller(req, res);
        String ws = caller.workspaceId();
        TrackLeadRequest r = TrackLeadRequest.parse(Json.object(req));
        if (r.referralCode() != null && r.clickId().isEmpty()) {
            r = r.withClickId(referralClicks.codeClick(req, ws, r.referralCode()));
        }
        LeadResult result = leads.track(ws, r);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("click", Map.of("id", result.click().id()));
        Link link = result.linkId() == null ? null : links.byIds(ws, List.of(result.linkId())).get(result.linkId());
        json.put("link", link == null ? null : leadLink(link));
        Map<String, Object> customer = new LinkedHashMap<>();
        // A publishable key is public: whoever holds it could name any externalId and read the customer.
        boolean personal = !caller.fromBrowser();
        customer.put("name", personal ? result.customer().name() : null);
        customer.put("email", personal ? result.customer().email() : null);
        customer.put("avatar", personal ? result.customer().avatar() : null);
        customer.put("externalId", result.customer().externalId());
        json.put("customer", customer);
        // Referly's additions (the SDK ignores unknown keys): whether a lead was stored and credited.
        json.put("recorded", result.recorded());
        json.put("attributed", result.attributed());
        if (!result.attributed()) {
            json.put("attributionNote", "The click is older than the workspace's attribution window; "
                    + "the lead is recorded without a link or partner.");
        }
        Json.send(res, 200, json);
    }

    /**
     * A sale a browser reports: refused unless the key has a ceiling, refused above it, and held
     * for review when it earns a commission, since anyone can send one.
     */
    private static TrackSaleRequest browserSale(PublishableKeys.Key key, TrackSaleRequest r) {
        if (key.maxSaleAmount() == null) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Forbidden: this publishable key may not report sales. "
                    + "Track sales from your server with a secret API key, or set maxSaleAmount on the key.");
        }
        if (r.amount().minor() > key.maxSaleAmount()) {
            throw ApiException.invalid("amount", "must be at most " + key.maxSaleAmount()
                    + " (this publishable key's maxSaleAmount)");
        }
        return r.forReview();
    }

    /** The stored Dub answer of a sale with its customer's name, email and avatar blanked. */
    private static String withoutPersonalData(String answer) {
        Map<String, Object> json;
        try {
            json = Json.MAPPER.readValue(answer, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
        } catch (java.io.IOException e) {
            throw new IllegalStateException("A stored sale answer is not JSON", e);
        }
        if (json.get("customer") instanceof Map<?, ?> customer) {
            Map<String, Object> blank = new LinkedHashMap<>();
            customer.forEach((k, v) -> blank.put(String.valueOf(k), v));
            blank.put("name", null);
            blank.put("email", null);
            blank.put("avatar", null);
            json.put("customer", blank);
        }
        try {
            return Json.MAPPER.writeValueAsString(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> leadLink(Link link) {
        Map<String, Object> json = LinkJson.of(link);
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : List.of("id", "domain", "key", "shortLink", "url", "partnerId", "programId", "tenantId",
                "externalId")) {
            out.put(key, json.get(key));
        }
        return out;
    }

    private void sale(ServerRequest req, ServerResponse res) {
        Authenticator.TrackCaller caller = auth.trackCaller(req, res);
        String ws = caller.workspaceId();
        TrackSaleRequest r = TrackSaleRequest.parse(Json.object(req));
        if (caller.fromBrowser()) {
            r = browserSale(caller.browserKey(), r);
        }
        if (r.referralCode() != null && r.clickId() == null) {
            r = r.withClickId(referralClicks.codeClick(req, ws, r.referralCode()));
        }
        String answer = sales.track(ws, r).responseJson();
        if (caller.fromBrowser()) {
            answer = withoutPersonalData(answer);
        }
        res.status(200);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(answer.getBytes(StandardCharsets.UTF_8));
    }
}
