package dev.referly.http;

import dev.referly.credits.CreditEntry;
import dev.referly.credits.CreditGranted;
import dev.referly.credits.CreditHolder;
import dev.referly.credits.CreditProvisioning;
import dev.referly.credits.CreditService;
import dev.referly.shared.Timestamps;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** Credit rewards per group and the credits ledger: GET /credits, POST /credits/redeem, POST /credits/adjust. */
final class CreditRoutes {
    private final CreditService credits;
    private final Authenticator auth;

    CreditRoutes(CreditService credits, Authenticator auth) {
        this.credits = credits;
        this.auth = auth;
    }

    void register(HttpRules rules) {
        rules.get("/groups/{group}/credit-reward", (req, res) -> Json.send(res, 200,
                        credits.reward(auth.workspaceId(req), group(req)).toApi()))
                .put("/groups/{group}/credit-reward", (req, res) -> Json.send(res, 200,
                        credits.putReward(auth.workspaceId(req), group(req), Json.object(req)).toApi()))
                .delete("/groups/{group}/credit-reward", (req, res) -> Json.send(res, 200,
                        credits.deleteReward(auth.workspaceId(req), group(req)).toApi()))
                .get("/credits", this::statement)
                .post("/credits/redeem", (req, res) -> Json.send(res, 200,
                        applied(credits.redeem(auth.workspaceId(req), Json.object(req)))))
                .post("/credits/provisioning/{id}/retry", (req, res) -> Json.send(res, 200, provisioning(
                        credits.retryProvisioning(auth.workspaceId(req), req.path().pathParameters().get("id")))))
                .post("/credits/adjust", (req, res) -> Json.send(res, 200,
                        applied(credits.adjust(auth.workspaceId(req), Json.object(req)))));
    }

    private static String group(ServerRequest req) {
        return req.path().pathParameters().get("group");
    }

    private void statement(ServerRequest req, ServerResponse res) {
        Params p = new Params(req);
        CreditService.Statement s = credits.statement(auth.workspaceId(req), new CreditService.HolderQuery(
                p.text("partnerId"), p.text("tenantId"), p.text("customerId"), p.text("customerExternalId")));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("holder", holder(s.holder()));
        json.put("balances", s.balances());
        json.put("entries", s.entries().stream().map(e -> {
            Map<String, Object> entry = entry(e);
            CreditProvisioning prov = s.provisioning().get(e.id());
            if (prov != null) {
                entry.put("provisioning", provisioning(prov));
            }
            return entry;
        }).toList());
        Json.send(res, 200, json);
    }

    private static Map<String, Object> applied(CreditService.Applied a) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("holder", holder(a.holder()));
        json.put("entry", entry(a.entry()));
        json.put("balance", a.entry().balanceAfter());
        json.put("replayed", a.replayed());
        return json;
    }

    static Map<String, Object> provisioning(CreditProvisioning p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", p.id());
        json.put("state", p.state());
        json.put("stripeObjectId", p.stripeObjectId());
        json.put("attempts", p.attempts());
        json.put("lastError", p.lastError());
        json.put("nextAttemptAt", p.state().equals(CreditProvisioning.PENDING) ? Timestamps.iso(p.nextAttemptAt()) : null);
        json.put("updatedAt", Timestamps.iso(p.updatedAt()));
        return json;
    }

    static Map<String, Object> holder(CreditHolder h) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", h.type());
        json.put("id", h.id());
        if (h.type().equals(CreditHolder.PARTNER)) {
            json.put("partnerId", h.id());
            json.put("tenantId", h.tenantId());
        } else {
            json.put("customerId", h.id());
            json.put("customerExternalId", h.customerExternalId());
        }
        return json;
    }

    static Map<String, Object> entry(CreditEntry e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", e.id());
        json.put("type", e.type());
        json.put("unit", e.unit());
        json.put("amount", e.amount());
        json.put("remaining", e.remaining());
        json.put("balanceAfter", e.balanceAfter());
        json.put("expiresAt", Timestamps.isoOrNull(e.expiresAt()));
        json.put("referralId", e.referralId());
        json.put("correctsId", e.correctsId());
        json.put("rewardId", e.rewardId());
        json.put("description", e.description());
        json.put("reason", e.reason());
        json.put("createdAt", Timestamps.iso(e.createdAt()));
        return json;
    }

    /** The data of a credit.granted webhook event. */
    static Map<String, Object> granted(CreditGranted g) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("credit", entry(g.entry()));
        json.put("holder", holder(g.holder()));
        json.put("referral", ReferralRoutes.json(g.referral()));
        json.put("reward", g.reward().toApi());
        return json;
    }
}
