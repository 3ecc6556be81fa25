package dev.referly.http;

import dev.referly.conversions.LeadResult;
import dev.referly.conversions.LeadService;
import dev.referly.conversions.SaleService;
import dev.referly.conversions.TrackLeadRequest;
import dev.referly.conversions.TrackSaleRequest;
import dev.referly.links.Link;
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

    TrackRoutes(LeadService leads, SaleService sales, LinkService links, Authenticator auth,
            ReferralClicks referralClicks) {
        this.leads = leads;
        this.sales = sales;
        this.links = links;
        this.auth = auth;
        this.referralClicks = referralClicks;
    }

    void register(HttpRules rules) {
        rules.post("/track/lead", this::lead).post("/track/sale", this::sale).post("/track/click", referralClicks::click);
        // The attribution script calls these from the company's pages: answer the CORS preflight.
        // The allow-list is enforced on the real request, where the publishable key is known.
        rules.options("/track/{kind}", TrackRoutes::preflight);
    }

    private static void preflight(ServerRequest req, ServerResponse res) {
        String origin = req.headers().first(HeaderNames.ORIGIN).orElse(null);
        if (origin != null) {
            res.header("Access-Control-Allow-Origin", origin);
            res.header("Vary", "Origin");
        }
        res.header("Access-Control-Allow-Methods", "POST, OPTIONS");
        res.header("Access-Control-Allow-Headers", "Authorization, Content-Type");
        res.header("Access-Control-Max-Age", "600");
        res.status(204);
        res.send();
    }

    private void lead(ServerRequest req, ServerResponse res) {
        String ws = auth.trackWorkspaceId(req, res);
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
        customer.put("name", result.customer().name());
        customer.put("email", result.customer().email());
        customer.put("avatar", result.customer().avatar());
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
        String ws = auth.trackWorkspaceId(req, res);
        TrackSaleRequest r = TrackSaleRequest.parse(Json.object(req));
        if (r.referralCode() != null && r.clickId() == null) {
            r = r.withClickId(referralClicks.codeClick(req, ws, r.referralCode()));
        }
        String answer = sales.track(ws, r).responseJson();
        res.status(200);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(answer.getBytes(StandardCharsets.UTF_8));
    }
}
