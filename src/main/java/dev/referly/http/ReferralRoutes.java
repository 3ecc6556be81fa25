package dev.referly.http;

import dev.referly.referrals.Referral;
import dev.referly.referrals.ReferralService;
import dev.referly.referrals.ReferralSettings;
import dev.referly.shared.ApiException;
import dev.referly.shared.Paging;
import dev.referly.shared.Timestamps;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** GET /referrals, the link settings, and a partner's referral code (vanity, regenerate, deactivate). */
final class ReferralRoutes {
    private static final int MAX_PAGE_SIZE = 100;

    private final ReferralService referrals;
    private final Authenticator auth;

    ReferralRoutes(ReferralService referrals, Authenticator auth) {
        this.referrals = referrals;
        this.auth = auth;
    }

    void register(HttpRules rules) {
        rules.get("/referrals", this::list)
                .get("/referrals/settings", (req, res) -> Json.send(res, 200,
                        settings(referrals.settings(auth.workspaceId(req)))))
                .put("/referrals/settings", this::putSettings)
                .get("/partners/{id}/referral-code", (req, res) -> {
                    String ws = auth.workspaceId(req);
                    Json.send(res, 200, code(ws, referrals.code(ws, id(req)).orElse(null)));
                })
                .put("/partners/{id}/referral-code", this::putCode)
                .delete("/partners/{id}/referral-code", (req, res) -> {
                    String ws = auth.workspaceId(req);
                    referrals.deactivate(ws, id(req));
                    Json.send(res, 200, code(ws, null));
                });
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }

    private void list(ServerRequest req, ServerResponse res) {
        Params p = new Params(req);
        int page = p.integer("page", 1);
        int pageSize = p.integer("pageSize", MAX_PAGE_SIZE);
        Paging.check(page, pageSize, MAX_PAGE_SIZE);
        Json.send(res, 200, referrals.list(auth.workspaceId(req), new ReferralService.Query(p.text("partnerId"),
                p.text("tenantId"), p.text("status"), page, pageSize)).stream().map(ReferralRoutes::json).toList());
    }

    private void putCode(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Map<String, Object> body = Json.object(req);
        Object code = body.get("code");
        if (code != null && !(code instanceof String)) {
            throw ApiException.invalid("code", "must be a string");
        }
        Json.send(res, 200, code(ws, referrals.setCode(ws, id(req), (String) code)));
    }

    private Map<String, Object> code(String ws, String code) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("referralCode", code);
        json.put("referralLink", ReferralService.signupLink(referrals.programUrl(ws), referrals.settings(ws), code));
        return json;
    }

    private void putSettings(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Map<String, Object> body = Json.object(req);
        Object param = body.get("paramName");
        Object burst = body.get("burstLimit");
        if (param != null && !(param instanceof String)) {
            throw ApiException.invalid("paramName", "must be a string");
        }
        if (burst != null && !(burst instanceof Integer)) {
            throw ApiException.invalid("burstLimit", "must be an integer");
        }
        Json.send(res, 200, settings(referrals.updateSettings(ws, (String) param, (Integer) burst)));
    }

    private static Map<String, Object> settings(ReferralSettings s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("paramName", s.paramName());
        json.put("burstLimit", s.burstLimit());
        return json;
    }

    static Map<String, Object> json(Referral r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", r.id());
        json.put("partnerId", r.partnerId());
        json.put("customerId", r.customerId());
        json.put("referralCode", r.code());
        json.put("status", r.status());
        json.put("reason", r.reason());
        json.put("qualifiedAt", Timestamps.isoOrNull(r.qualifiedAt()));
        json.put("rewardedAt", Timestamps.isoOrNull(r.rewardedAt()));
        json.put("createdAt", Timestamps.iso(r.createdAt()));
        json.put("updatedAt", Timestamps.iso(r.updatedAt()));
        return json;
    }
}
